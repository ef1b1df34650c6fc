package vn.wardwatch.recording;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;

/** Retention on a real H2 index and real files (content does not matter to retention, only sizes and times). */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class RetentionWorkerTest {

    @Parameter
    Kind kind;

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;
    Database database;
    JdbcRecordingRepository repository;
    Path root;

    @BeforeEach
    void setUp() {
        database = TestDatabases.open(kind, dir);
        repository = new JdbcRecordingRepository(database);
        root = dir.resolve("recordings");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** Ten 10 s segments of 1000 bytes from T0, files on disk. */
    private List<RecordedSegment> tenSegments(String camera) throws Exception {
        List<RecordedSegment> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant start = T0.plusSeconds(10L * i);
            String file = camera + "/2026-11-20/seg-" + i + ".ts";
            Path path = root.resolve(file);
            Files.createDirectories(path.getParent());
            Files.write(path, new byte[1000]);
            out.add(repository.addSegment(new RecordedSegment(0, camera, start, start.plusSeconds(10), file, 1000,
                    SegmentRecorder.sha256(path), false, false, false, 10.0, 10.0)));
        }
        return out;
    }

    private RetentionWorker worker(String camera, RecordingConfig config, Instant now, ActivityLog activity) {
        return new RetentionWorker(repository, root, Map.of(camera, config), activity,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RecordingConfig always(double days, double quotaGb) {
        return new RecordingConfig(RecordingConfig.Mode.ALWAYS, 10, RecordingConfig.Format.TS, days, quotaGb, 0, 0);
    }

    @Test
    void overQuotaDeletesOldestFirstAndNeverProtectedSegments() throws Exception {
        List<RecordedSegment> segs = tenSegments("cam1");
        // A violation's clip window over segments 0 and 1 (the two oldest).
        assertEquals(2, repository.hold("cam1", T0.plusSeconds(5), T0.plusSeconds(12), "violation V1"));
        // Quota of 5000 bytes: 5 of the 10 segments must go, the oldest unprotected ones: 2, 3, 4, 5, 6.
        RetentionWorker worker = worker("cam1", always(30, 5000 / 1e9), T0.plusSeconds(200), new ActivityLog(
                Duration.ofMinutes(5)));
        assertEquals(5, worker.runOnce());
        List<String> left = repository.segments("cam1", FAR_PAST, FAR_FUTURE).stream()
                .map(RecordedSegment::file).toList();
        assertEquals(List.of(segs.get(0).file(), segs.get(1).file(), segs.get(7).file(), segs.get(8).file(),
                segs.get(9).file()), left);
        for (int i = 2; i <= 6; i++) {
            assertFalse(Files.exists(root.resolve(segs.get(i).file())), "file of segment " + i + " deleted");
        }
        assertTrue(Files.exists(root.resolve(segs.get(0).file())));
        List<String> deletions = repository.deletions("cam1");
        assertEquals(5, deletions.size());
        assertTrue(deletions.get(0).startsWith(segs.get(2).file() + " over the camera's quota"), deletions.get(0));
        // A second pass (e.g. after a restart) finds nothing more to do.
        assertEquals(0, worker.runOnce());
        // A segment written later inside the hold is protected at once.
        RecordedSegment late = repository.addSegment(new RecordedSegment(0, "cam1", T0.plusSeconds(11),
                T0.plusSeconds(11).plusMillis(500), "cam1/late.ts", 10, "0".repeat(64), false, false, false, null,
                null));
        assertTrue(late.protectedFlag() || repository.segments("cam1", T0.plusSeconds(11), T0.plusSeconds(12))
                .stream().filter(s -> s.file().equals("cam1/late.ts")).allMatch(RecordedSegment::protectedFlag));
    }

    @Test
    void olderThanRetentionDaysAreDeletedExceptProtected() throws Exception {
        List<RecordedSegment> segs = tenSegments("cam2");
        repository.hold("cam2", T0.plusSeconds(30), T0.plusSeconds(30), "hold");
        // One day after T0 + 50 s: segments ending before T0 + 50 s (0..3) are past a 1-day retention; 2 and 3 touch
        // the hold at T0 + 30 s (3 starts there, 2 ends there), so only 0 and 1 go.
        RetentionWorker worker = worker("cam2", always(1, 100), T0.plus(Duration.ofDays(1)).plusSeconds(50),
                new ActivityLog(Duration.ofMinutes(5)));
        assertEquals(2, worker.runOnce());
        List<String> left = repository.segments("cam2", FAR_PAST, FAR_FUTURE).stream()
                .map(RecordedSegment::file).toList();
        assertEquals(List.of(segs.get(2).file(), segs.get(3).file(), segs.get(4).file(), segs.get(5).file(),
                segs.get(6).file(),
                segs.get(7).file(), segs.get(8).file(), segs.get(9).file()), left);
        assertTrue(repository.deletions("cam2").get(0).endsWith("older than 1 days"));
    }

    @Test
    void eventsModeKeepsOnlySegmentsNearActivity() throws Exception {
        List<RecordedSegment> segs = tenSegments("cam3");
        ActivityLog activity = new ActivityLog(Duration.ofDays(3));
        activity.mark("cam3", T0.plusSeconds(45)); // inside segment 4
        RecordingConfig events = new RecordingConfig(RecordingConfig.Mode.EVENTS, 10, RecordingConfig.Format.TS,
                30, 100, 5, 5);
        // Activity at 45 s keeps 40..50 (segment 4) and what lies within 5 s of it: segments 3 (ends at 40) and 5
        // (starts at 50).
        RetentionWorker worker = worker("cam3", events, T0.plusSeconds(200), activity);
        worker.runOnce();
        List<String> left = repository.segments("cam3", FAR_PAST, FAR_FUTURE).stream()
                .map(RecordedSegment::file).toList();
        assertEquals(List.of(segs.get(3).file(), segs.get(4).file(), segs.get(5).file()), left);
        assertTrue(repository.deletions("cam3").get(0).contains("events mode: no activity"));
    }
}
