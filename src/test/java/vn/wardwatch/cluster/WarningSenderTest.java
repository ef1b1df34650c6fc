package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.StoredZoneMinute;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.warning.Warning;

/** Warnings and zone minutes from a worker: in order, resent until acknowledged, stored once by key. */
class WarningSenderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);

    @TempDir
    Path dir;

    static StoredWarning warning(String state, int second) {
        return warning("w-1", state, second);
    }

    /** A state of warning {@code id}, raised at T0, this state at T0 + {@code second}. */
    static StoredWarning warning(String id, String state, int second) {
        Instant at = T0.plusSeconds(second);
        return new StoredWarning(new Warning(id, "gate1", "box", Warning.CONGESTION, state, "jammed", T0,
                state.equals(Warning.CLEARED) ? at : null, at, Map.of("occupancy", 0.8, "queue", 7), true), HANOI,
                "warnings/gate1/2026-11-22/" + id + ".jpg");
    }

    static StoredZoneMinute minute(int flow) {
        return new StoredZoneMinute("gate1", "box", HANOI, new MinuteTraffic.Summary(T0, 300, 0.4, 7, 1.0, 3, flow,
                12.5, null, 4, 0.25, CongestionLevel.of("jammed")));
    }

    @Test
    void raiseUpdateAndClearArriveInOrderAfterTheApiNodeComesUpAndARepeatChangesNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(dir.resolve("ww"))) {
            JdbcWarningRepository warnings = new JdbcWarningRepository(db);
            JdbcZoneMinuteRepository minutes = new JdbcZoneMinuteRepository(db);
            WarningSender sender = new WarningSender(vertx.eventBus(), "w1");
            ZoneMinuteSender minuteSender = new ZoneMinuteSender(vertx.eventBus());
            // The api node is down: everything stays queued.
            sender.save(warning(Warning.RAISED, 0));
            sender.save(warning(Warning.UPDATED, 30));
            sender.save(warning(Warning.CLEARED, 60));
            minuteSender.add(minute(10));
            minuteSender.add(minute(12)); // the same minute again (a retry, or a late frame): replaces it
            assertFalse(sender.allAcknowledged());

            List<String> published = new CopyOnWriteArrayList<>();
            WarningSender.receive(vertx, warnings, w -> published.add(w.state()),
                    new WarningSources(vertx.eventBus(), warnings, java.time.Clock.systemUTC())).completion()
                    .await(5, TimeUnit.SECONDS);
            ZoneMinuteSender.receive(vertx, minutes).completion().await(5, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(10), "everything acknowledged", () -> {
                sender.flush(); // the periodic resend, by hand
                minuteSender.flush();
                return sender.allAcknowledged() && minuteSender.allAcknowledged();
            });
            assertEquals(List.of(Warning.RAISED, Warning.UPDATED, Warning.CLEARED), published);
            List<StoredWarning> stored = warnings.list(new WarningQuery(null, null, null, null, null, null, 10));
            assertEquals(1, stored.size());
            assertEquals(Warning.CLEARED, stored.get(0).warning().state());
            assertEquals(T0.plusSeconds(60), stored.get(0).warning().clearedAt());
            assertEquals("warnings/gate1/2026-11-22/w-1.jpg", stored.get(0).snapshotFile());

            // A repeat of the last state (its ack was lost): still one row, same state.
            sender.save(warning(Warning.CLEARED, 60));
            Await.until(Duration.ofSeconds(5), "the repeat acknowledged", sender::allAcknowledged);
            stored = warnings.list(new WarningQuery(null, null, null, null, null, null, 10));
            assertEquals(1, stored.size());
            assertEquals(Warning.CLEARED, stored.get(0).warning().state());

            List<StoredZoneMinute> rows = minutes.list("gate1", "box", T0, T0.plusSeconds(60), 10);
            assertEquals(1, rows.size());
            assertEquals(12, rows.get(0).summary().flow());
            sender.close(Duration.ofSeconds(1));
            minuteSender.close(Duration.ofSeconds(1));
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
