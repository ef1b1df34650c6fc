package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRow;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;

class CountUpsertsTest {

    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    private static CountBucket total(long n) {
        return new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, n);
    }

    private static long stored(Database db) {
        List<CountRow> rows = new JdbcCountRepository(db).query(new CountQuery("gate1", null, null, null, T0,
                T0.plusSeconds(60), Duration.ofMinutes(1)));
        return rows.isEmpty() ? 0 : rows.get(0).count();
    }

    @Test
    void resendingATotalNeverCountsTwice() {
        try (Database db = Database.open(dir.resolve("ww"))) {
            CountUpserts upserts = new CountUpserts(db);
            assertEquals(3, upserts.upsertTotals("w1#1", List.of(total(3)), HANOI));
            assertEquals(0, upserts.upsertTotals("w1#1", List.of(total(3)), HANOI));
            assertEquals(2, upserts.upsertTotals("w1#1", List.of(total(5)), HANOI));
            // An older total arriving late (a retry overtaken by a newer send) changes nothing.
            assertEquals(0, upserts.upsertTotals("w1#1", List.of(total(4)), HANOI));
            assertEquals(5, stored(db));
        }
    }

    @Test
    void aNewWorkerAfterFailoverAddsItsPartOfTheMinute() {
        try (Database db = Database.open(dir.resolve("ww"))) {
            CountUpserts upserts = new CountUpserts(db);
            upserts.upsertTotals("w1#1", List.of(total(4)), HANOI);  // dead worker's acknowledged part
            upserts.upsertTotals("w2#1", List.of(total(2)), HANOI);  // the new owner counts from zero
            upserts.upsertTotals("w1#1", List.of(total(4)), HANOI);  // a late retry of the dead worker's send
            upserts.upsertTotals("w2#1", List.of(total(3)), HANOI);
            assertEquals(7, stored(db));
        }
    }

    @Test
    void singleProcessAddsAndClusterTotalsShareTheMinute() {
        try (Database db = Database.open(dir.resolve("ww"))) {
            new JdbcCountRepository(db).add(List.of(total(1)), HANOI);
            new CountUpserts(db).upsertTotals("w1#1", List.of(total(2)), HANOI);
            assertEquals(3, stored(db));
        }
    }
}
