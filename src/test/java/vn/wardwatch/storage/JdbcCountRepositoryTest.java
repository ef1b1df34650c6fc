package vn.wardwatch.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;

class JdbcCountRepositoryTest {

    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
    void countsOfOneMinuteAddUpAndSurviveReopeningTheFile(Kind kind) {
        try (Database db = TestDatabases.open(kind, dir)) {
            CountRepository repo = new JdbcCountRepository(db);
            repo.add(List.of(new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, 3)), HANOI);
            repo.add(List.of(new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, 2)), HANOI);
        }
        try (Database db = TestDatabases.open(kind, dir)) {
            List<CountRow> rows = new JdbcCountRepository(db).query(new CountQuery("gate1", null, null, null, T0,
                    T0.plusSeconds(60), Duration.ofMinutes(1)));
            assertEquals(List.of(new CountRow(T0, "gate1", "main", ObjectClass.CAR, "in", 5)), rows);
        }
    }

    @ParameterizedTest
    @MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
    void minutesAreGroupedIntoIntervalBucketsAndFiltered(Kind kind) {
        try (Database db = TestDatabases.open(kind, dir)) {
            CountRepository repo = new JdbcCountRepository(db);
            repo.add(List.of(
                    new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, 1),
                    new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0.plusSeconds(600), 2),
                    new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0.plusSeconds(1200), 4),
                    new CountBucket("gate1", "main", ObjectClass.CAR, "out", T0, 8),
                    new CountBucket("gate1", "main", ObjectClass.PERSON, "in", T0, 16),
                    new CountBucket("gate2", "main", ObjectClass.CAR, "in", T0, 32)), HANOI);

            List<CountRow> rows = repo.query(new CountQuery("gate1", "main", ObjectClass.CAR, "in", T0,
                    T0.plusSeconds(3600), Duration.ofMinutes(15)));

            assertEquals(List.of(
                    new CountRow(T0, "gate1", "main", ObjectClass.CAR, "in", 3),
                    new CountRow(T0.plusSeconds(900), "gate1", "main", ObjectClass.CAR, "in", 4)), rows);
            assertEquals(0, repo.query(new CountQuery("gate1", null, null, null, T0.plusSeconds(3600),
                    T0.plusSeconds(7200), Duration.ofHours(1))).size());
        }
    }

    @ParameterizedTest
    @MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
    void cameraStateChangesAreKeptNewestFirst(Kind kind) {
        try (Database db = TestDatabases.open(kind, dir)) {
            CameraStateRepository repo = new JdbcCameraStateRepository(db);
            repo.record("gate1", "starting", T0, HANOI, null);
            repo.record("gate1", "online", T0.plusSeconds(2), HANOI, null);
            repo.record("gate1", "offline", T0.plusSeconds(9), HANOI, "connection refused");
            List<CameraStateRepository.CameraStateChange> recent = repo.recent("gate1", 2);
            assertEquals(2, recent.size());
            assertEquals("offline", recent.get(0).state());
            assertEquals("connection refused", recent.get(0).detail());
            assertTrue(db.isHealthy());
        }
    }
}
