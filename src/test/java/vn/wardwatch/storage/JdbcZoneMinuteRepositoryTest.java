package vn.wardwatch.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;

/** Zone minutes on H2 (MERGE ... KEY) and PostgreSQL (INSERT ... ON CONFLICT): a retried minute replaces itself. */
class JdbcZoneMinuteRepositoryTest {

    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    private static StoredZoneMinute minute(String zone, Instant at, int flow, Double speedKmh) {
        return new StoredZoneMinute("gate1", zone, HANOI, new MinuteTraffic.Summary(at, 300, 0.4, 7, 1.0, 3, flow,
                speedKmh == null ? null : 10.0, speedKmh, 4, 0.25, CongestionLevel.SLOW));
    }

    @ParameterizedTest
    @MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
    void aMinuteWrittenTwiceReplacesItselfAndListsComeNewestFirst(Kind kind) {
        try (Database db = TestDatabases.open(kind, dir)) {
            ZoneMinuteRepository repo = new JdbcZoneMinuteRepository(db);
            repo.add(minute("approach", T0, 10, 30.0));
            repo.add(minute("approach", T0, 12, null)); // the retry wins, nulls included
            repo.add(minute("approach", T0.plusSeconds(60), 5, 25.0));
            repo.add(minute("junction", T0, 99, 20.0));

            List<StoredZoneMinute> rows = repo.list("gate1", "approach", T0, T0.plusSeconds(120), 10);
            assertEquals(List.of(minute("approach", T0.plusSeconds(60), 5, 25.0), minute("approach", T0, 12, null)),
                    rows);
            assertEquals(1, repo.list("gate1", "approach", T0, T0.plusSeconds(120), 1).size());
        }
    }
}
