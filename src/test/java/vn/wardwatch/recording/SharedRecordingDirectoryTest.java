package vn.wardwatch.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.ingest.Backoff;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RecordedCameras;
import vn.wardwatch.testsupport.TestClip;

/**
 * Two recorders of one camera on one shared directory reaching the same segment names, for real: both read the
 * same file with the same frozen clock, so real ffmpeg lists the same segments and every name collides. Neither
 * overwrites the other: the later one takes the next free name, and every file is indexed once with its own bytes.
 */
class SharedRecordingDirectoryTest {

    private static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void twoRecordersReachingTheSameNamesNeverOverwriteEachOther() throws Exception {
        TestClip clip = TestClip.generate(dir, 6);
        Path root = dir.resolve("recordings");
        Clock frozen = Clock.fixed(Instant.parse("2026-11-22T01:00:00Z"), ZoneOffset.UTC);
        // A file read once, as fast as ffmpeg can: three 2 s segments, listed alike by both.
        SourceConfig source = new SourceConfig(clip.mp4().toString(), clip.mp4().toString(), false, 2);
        List<SegmentRecorder> recorders = new ArrayList<>();
        List<JdbcRecordingRepository> indexes = new ArrayList<>();
        List<Database> databases = new ArrayList<>();
        try {
            for (String writer : List.of("w1", "w2")) {
                Database db = Database.open(dir.resolve("db-" + writer + "/ww"));
                databases.add(db);
                JdbcRecordingRepository index = new JdbcRecordingRepository(db);
                indexes.add(index);
                // One run each: the next would wait a minute.
                Backoff once = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1),
                        new Random(1));
                recorders.add(new SegmentRecorder("cam1", source, RecordedCameras.ALWAYS_2S, root, writer, index,
                        "ffmpeg", "ffprobe", once, frozen));
            }
            recorders.forEach(SegmentRecorder::start);
            Await.until(Duration.ofSeconds(60), "both runs over",
                    () -> recorders.stream().allMatch(r -> r.runsEnded() >= 1));
        } finally {
            recorders.forEach(SegmentRecorder::stop);
        }
        try {
            List<RecordedSegment> rows = new ArrayList<>();
            indexes.forEach(index -> rows.addAll(index.segments("cam1", FAR_PAST, FAR_FUTURE)));
            assertEquals(6, rows.size(), rows.toString());
            Set<String> files = new HashSet<>();
            for (RecordedSegment s : rows) {
                assertTrue(files.add(s.file()), "one file per row: " + s.file());
                assertEquals(SegmentRecorder.sha256(root.resolve(s.file())), s.sha256(), s.file());
            }
            try (Stream<Path> onDisk = Files.walk(root.resolve("cam1"))) {
                assertEquals(files, onDisk.filter(Files::isRegularFile).map(f -> root.relativize(f).toString())
                        .filter(f -> !f.contains("incoming")).collect(java.util.stream.Collectors.toSet()));
            }
            // The names collided and the later recorder took the next one.
            assertEquals(3, files.stream().filter(f -> f.endsWith("-2.ts")).count(), files.toString());
        } finally {
            databases.forEach(Database::close);
        }
    }
}
