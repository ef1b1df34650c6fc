package vn.wardwatch.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.cluster.JournalReplay;
import vn.wardwatch.cluster.RecordingSender;
import vn.wardwatch.cluster.WorkerRecorders;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RecordedCameras;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestClip;
import vn.wardwatch.testsupport.TwoNodeCluster;

/**
 * Recording in a cluster, for real: a real RTSP camera recorded by real ffmpeg on a worker (two real Hazelcast
 * members in one JVM) into a shared directory, the index rows through the {@link RecordingSender} into H2 on the
 * api node, whose index-only {@link Recordings} lists, exports and applies retention over the worker's segments.
 * Then a second worker's recorder takes the same camera while the first still records (a handover's overlap): no
 * file of either is moved or overwritten by the other.
 */
class ClusterRecordingTest {

    private static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aWorkersSegmentsInTheSharedDirectoryAreListedExportedAndSweptByTheApiNode() throws Exception {
        TestClip clip = TestClip.generate(dir, 6);
        Path shared = WorkerRecorders.sharedRoot(dir.resolve("shared"));
        try (RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()));
             TwoNodeCluster cluster = TwoNodeCluster.start();
             Database db = Database.open(dir.resolve("api/ww"))) {
            JdbcRecordingRepository repository = new JdbcRecordingRepository(db);
            RecordingSender.receive(cluster.api.vertx(), repository).completion().await(5, TimeUnit.SECONDS);
            RecordingSender.answerLastEnd(cluster.api.vertx(), repository).completion().await(5, TimeUnit.SECONDS);
            CameraConfig camera = RecordedCameras.camera("cam1", server.url("cam"), RecordedCameras.ALWAYS_2S);
            String workerA = cluster.worker.nodeId();
            RecordingSender senderA = new RecordingSender(cluster.worker.vertx().eventBus(),
                    JournalReplay.directory(JournalReplay.root(dir.resolve("shared")), workerA));
            senderA.start(1000);
            WorkerRecorders recordersA = new WorkerRecorders(shared, workerA, senderA, "ffmpeg", Clock.systemUTC());
            RecordingSender senderB = new RecordingSender(cluster.worker.vertx().eventBus());
            senderB.start(1000);
            WorkerRecorders recordersB = new WorkerRecorders(shared, "worker-b", senderB, "ffmpeg",
                    Clock.systemUTC());
            Recordings apiNode = Recordings.indexOnly(Map.of("cam1", camera), shared, dir.resolve("api"),
                    repository, "ffmpeg", Clock.systemUTC());
            try {
                recordersA.start(camera);
                Await.until(Duration.ofSeconds(60), "4 segments indexed on the api node",
                        () -> segments(repository).size() >= 4);
                // Listed: every row's file is in the shared directory, as the worker hashed it.
                List<RecordedSegment> segs = segments(repository);
                for (RecordedSegment s : segs) {
                    assertEquals(SegmentRecorder.sha256(shared.resolve(s.file())), s.sha256(), s.file());
                    assertTrue(s.file().matches("cam1/\\d{4}-\\d{2}-\\d{2}/\\d{6}-\\d{3}-\\d{6}\\.ts"), s.file());
                }
                // Exported by the api node across two segment boundaries.
                Instant from = segs.get(1).start().plusMillis(1500);
                Instant to = segs.get(3).start().plusMillis(700);
                ClipExporter.Clip copy = apiNode.exporter().export("cam1", from, to, false);
                try {
                    assertEquals(to, copy.actualEnd());
                    double expected = Duration.between(copy.actualStart(), copy.actualEnd()).toMillis() / 1000.0;
                    assertEquals(expected, RecordingTestSupport.probeDuration(copy.file()), 0.15);
                } finally {
                    ClipExporter.discard(copy);
                }

                // A handover's overlap: worker B starts the camera while A still records. A file B's start finds
                // in its own incoming directory is set aside; A's directory (ffmpeg writing into it) is not touched.
                Path leftoverB = shared.resolve("cam1/incoming/worker-b/run-1-000000.ts");
                Files.createDirectories(leftoverB.getParent());
                Files.write(leftoverB, new byte[188]);
                long aBefore = recordersA.recorders().get(0).segmentsWritten();
                recordersB.start(camera);
                Await.until(Duration.ofSeconds(10), "B's own leftover set aside",
                        () -> Files.exists(shared.resolve("cam1/orphans/worker-b/run-1-000000.ts")));
                Await.until(Duration.ofSeconds(60), "both recording side by side",
                        () -> recordersB.recorders().get(0).segmentsWritten() >= 3
                                && recordersA.recorders().get(0).segmentsWritten() >= aBefore + 3);
                long written = recordersA.recorders().get(0).segmentsWritten()
                        + recordersB.recorders().get(0).segmentsWritten();
                recordersA.stop("cam1");
                recordersB.stop("cam1");
                Await.until(Duration.ofSeconds(20), "every row acknowledged",
                        () -> senderA.allAcknowledged() && senderB.allAcknowledged());
                // Nothing moved or overwritten: every file in the day folders is indexed once and still has the
                // bytes its recorder hashed; nothing of A's was set aside.
                List<RecordedSegment> all = segments(repository);
                Set<String> files = new HashSet<>();
                for (RecordedSegment s : all) {
                    assertTrue(files.add(s.file()), "indexed once: " + s.file());
                    assertEquals(SegmentRecorder.sha256(shared.resolve(s.file())), s.sha256(), s.file());
                }
                assertEquals(files, dayFiles(shared));
                assertTrue(all.size() >= written, all.size() + " rows, " + written + " written before the stop");
                assertFalse(Files.exists(shared.resolve("cam1/orphans/" + workerA)));

                // Retention on the api node over the worker's segments: 8 days on, all but the protected go.
                RecordedSegment kept = all.get(2);
                apiNode.protect("cam1", kept.start().plusMillis(100), kept.start().plusMillis(200), "violation:x");
                try (Recordings later = Recordings.indexOnly(Map.of("cam1", camera), shared, dir.resolve("api"),
                        repository, "ffmpeg", Clock.offset(Clock.systemUTC(), Duration.ofDays(8)))) {
                    later.retention().runOnce();
                }
                assertEquals(List.of(kept.file()), segments(repository).stream().map(RecordedSegment::file).toList());
                assertEquals(Set.of(kept.file()), dayFiles(shared));
                assertEquals(all.size() - 1, repository.deletions("cam1").size());
            } finally {
                recordersA.close();
                recordersB.close();
                apiNode.close();
                senderA.close(Duration.ofSeconds(5));
                senderB.close(Duration.ofSeconds(5));
            }
        }
    }

    private static List<RecordedSegment> segments(JdbcRecordingRepository repository) {
        return repository.segments("cam1", FAR_PAST, FAR_FUTURE);
    }

    /** The segment files in the camera's day folders, relative to the recordings root. */
    private static Set<String> dayFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root.resolve("cam1"))) {
            Set<String> out = new HashSet<>();
            files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.matches("cam1/\\d{4}-\\d{2}-\\d{2}/.*"))
                    .forEach(out::add);
            return out;
        }
    }
}
