package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.testsupport.Await;

class ViolationSenderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00.123Z");

    @TempDir
    Path dir;

    static StoredViolation violation(long track) {
        String id = T0.toEpochMilli() + "-gate1-" + track + "-red_light";
        return new StoredViolation(id, "gate1", "red_light", StoredViolation.NEW, T0, ZoneOffset.ofHours(7), track,
                "car", "stop-1", "lane-1", "red", "manual", "g".repeat(64), "51F-123.45", "51F12345", 0.9,
                "gate1/2026-11-22/" + id, "m".repeat(64), T0.plusSeconds(2));
    }

    private static int rows(JdbcViolationRepository repository) {
        return repository.list(new ViolationQuery(null, null, null, null, null, null, 100, null)).size();
    }

    @Test
    void apiDownThenUpLostAckAndFailoverStoreEachViolationOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(dir.resolve("ww"))) {
            JdbcViolationRepository repository = new JdbcViolationRepository(db);
            List<String> published = new CopyOnWriteArrayList<>();

            // The api node is down: the row stays queued.
            ViolationSender w1 = new ViolationSender(vertx.eventBus());
            w1.add(violation(1));
            w1.flush(); // a resend while nobody listens fails again
            assertFalse(w1.allAcknowledged());
            assertEquals(0, rows(repository));

            // The api node is up: the next resend is stored and acknowledged.
            ViolationReceiver.start(vertx, repository, v -> published.add(v.id()))
                    .completion().await(5, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(5), "w1's violation acknowledged", () -> {
                w1.flush();
                return w1.allAcknowledged();
            });
            assertEquals(1, rows(repository));
            assertEquals(violation(1), repository.find(violation(1).id()).orElseThrow());

            // A lost ack: the same message arrives again. Acknowledged, not inserted twice.
            JsonObject again = ViolationSender.toJson(violation(1));
            Object reply = vertx.eventBus().request(ViolationSender.ADDRESS, again)
                    .await(5, TimeUnit.SECONDS).body();
            assertFalse((Boolean) reply);

            // A failover: another worker sends the same violation (same deterministic id) and a new one.
            ViolationSender w2 = new ViolationSender(vertx.eventBus());
            w2.add(violation(1));
            w2.add(violation(2));
            Await.until(Duration.ofSeconds(5), "w2's violations acknowledged", w2::allAcknowledged);
            assertEquals(2, rows(repository));
            // The live event goes out once per stored violation.
            assertEquals(List.of(violation(1).id(), violation(2).id()), published);
            w2.close(Duration.ofSeconds(2));
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
