package vn.wardwatch.warning;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;

/** The recorder never holds up the analysis thread: a stuck store fills its bounded queue, then warnings are dropped. */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class WarningRecorderTest {

    @Parameter
    Kind kind;

    @TempDir
    Path dir;

    private static Warning warning(int n) {
        Instant t = Instant.parse("2026-11-22T01:00:00Z").plusSeconds(n);
        return new Warning("00000000-0000-0000-0000-00000000000" + n, "cam", "road", Warning.CROWD, Warning.RAISED,
                null, t, null, t, Map.of("people", 20), false);
    }

    @Test
    void aStuckStoreDropsAndCountsInsteadOfBlocking() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> stored = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstTaken = new CountDownLatch(1);
        try (Database database = TestDatabases.open(kind, dir)) {
            JdbcWarningRepository real = new JdbcWarningRepository(database);
            // The real repository behind a gate that holds the recorder thread on its first row, like a stuck disk.
            WarningRecorder recorder = new WarningRecorder(new vn.wardwatch.storage.WarningRepository() {
                @Override
                public void save(vn.wardwatch.storage.StoredWarning w) {
                    firstTaken.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    real.save(w);
                }

                @Override
                public java.util.Optional<vn.wardwatch.storage.StoredWarning> find(String id) {
                    return real.find(id);
                }

                @Override
                public List<vn.wardwatch.storage.StoredWarning> list(vn.wardwatch.storage.WarningQuery q) {
                    return real.list(q);
                }
            }, new WarningSnapshots(dir), w -> stored.add(w.id()), registry, 2);
            recorder.submit(warning(0), ZoneOffset.UTC, null);
            assertTrue(firstTaken.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            for (int i = 1; i <= 5; i++) {
                recorder.submit(warning(i), ZoneOffset.UTC, null); // 2 fit the queue, 3 are dropped
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "submit must not block");
            assertEquals(3.0, registry.counter(Meters.WARNINGS_DROPPED).count());
            release.countDown();
            assertTrue(recorder.drain(10_000));
            recorder.close();
            assertEquals(List.of(warning(0).id(), warning(1).id(), warning(2).id()), stored);
            assertEquals(3, real.list(new vn.wardwatch.storage.WarningQuery(null, null, null, null, null, null, 10))
                    .size());
        }
    }
}
