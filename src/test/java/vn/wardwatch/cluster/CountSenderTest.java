package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountEvent;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRow;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.testsupport.Await;

class CountSenderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    static CountEvent car(long track, int second) {
        return new CountEvent("gate1", "main", ObjectClass.CAR, "in", track, second * 1000L, T0.plusSeconds(second));
    }

    static long stored(Database db) {
        List<CountRow> rows = new JdbcCountRepository(db).query(new CountQuery("gate1", null, null, null, T0,
                T0.plusSeconds(120), Duration.ofMinutes(1)));
        return rows.stream().mapToLong(CountRow::count).sum();
    }

    @Test
    void totalsArriveOnceWhateverIsResentAndADeadWorkersAckedPartStays() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(dir.resolve("ww"))) {
            CountReceiver.start(vertx, new CountUpserts(db)).completion().await(5, TimeUnit.SECONDS);
            Clock clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
            MinuteCounts first = new MinuteCounts();
            CountSender w1 = new CountSender(vertx.eventBus(), "w1", clock);
            w1.register("gate1", first, ZoneOffset.ofHours(7));
            first.addAll(List.of(car(1, 1), car(2, 2), car(3, 3)));
            w1.flush();
            Await.until(Duration.ofSeconds(5), "w1's totals acknowledged", w1::allAcknowledged);
            w1.flush();
            w1.flush(); // nothing new: nothing more stored
            first.add(car(4, 40)); // counted but never sent: w1 dies here
            assertEquals(3, stored(db));

            MinuteCounts second = new MinuteCounts();
            CountSender w2 = new CountSender(vertx.eventBus(), "w2", clock);
            w2.register("gate1", second, ZoneOffset.ofHours(7));
            second.addAll(List.of(car(10, 45), car(11, 70)));
            w2.flush();
            Await.until(Duration.ofSeconds(5), "w2's totals acknowledged", w2::allAcknowledged);
            // The receiver sees the same message again (a retry after a lost ack).
            new CountUpserts(db).upsertTotals("w2", List.of(
                    new vn.wardwatch.analytics.counting.CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, 1)),
                    ZoneOffset.ofHours(7));
            assertEquals(5, stored(db));
            w2.close(Duration.ofSeconds(2));
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
