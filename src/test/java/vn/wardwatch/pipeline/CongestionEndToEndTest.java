package vn.wardwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.TrafficListener;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.ingest.FfmpegFrameSource;
import vn.wardwatch.ingest.Frame;
import vn.wardwatch.ingest.FrameSource;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.testsupport.SceneLane;
import vn.wardwatch.testsupport.StagedScene;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.warning.Warning;
import vn.wardwatch.warning.WarningRecorder;
import vn.wardwatch.warning.WarningSnapshots;

/**
 * Congestion end to end on a composed video (real vehicle photos queueing at a red light): the real detector and
 * tracker, the zone metrics, the level with its hysteresis and minimum duration, the warning stored with its
 * snapshot.
 */
class CongestionEndToEndTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static Detector detector;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        OpenCv.load();
        Path model = Path.of("models/centernet-448.onnx");
        if (!model.toFile().isFile()) {
            throw new AssertionError("model " + model + " is missing: run ./scripts/setup-models.sh");
        }
        detector = DetectorFactory.create(new DetectorConfig("centernet", model, 448, 448, 2, 0.3, 0.5,
                Map.of(ObjectClass.MOTORBIKE, 0.45, ObjectClass.BICYCLE, 0.45)));
    }

    @AfterAll
    static void closeModel() {
        detector.close();
    }

    @Test
    void aQueueAtTheRedLightMakesTheLaneCongestedOnceAndRaisesOneWarningWithItsSnapshot() throws Exception {
        StagedScene scene = StagedScene.queue();
        Path video = scene.compose(dir);
        SceneLane lane = scene.eastboundLane();
        // The eastbound lane up to where the first vehicle waits (its front at x = 595): the queue is measured back
        // from the zone's downstream end, so the zone ends where queues start, as at a stop line.
        Polygon queueZone = new Polygon(List.of(new Point(0, 300), new Point(600, 300), new Point(600, 410),
                new Point(0, 410)));
        TrafficConfig.Zone zone = new TrafficConfig.Zone("eastbound", new LineSegment(lane.from(), lane.to()), 40,
                null, List.of(new TrafficConfig.LevelRule("slow", 1.0, null, null, null, null),
                new TrafficConfig.LevelRule("congested", 3.0, 0.6, null, null, null),
                new TrafficConfig.LevelRule("jammed", 5.0, 0.8, null, null, null)), null, null);
        CameraConfig camera = new CameraConfig("staged", scene.name(), ZoneId.of("Asia/Ho_Chi_Minh"),
                LocationConfig.UNKNOWN, new SourceConfig(video.toString(), video.toString(), false, 10),
                new DetectConfig(StagedScene.WIDTH, StagedScene.HEIGHT, 5, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of(new ZoneConfig("eastbound", queueZone, Set.of())),
                        List.of(), List.of(), List.of(), List.of(), List.of()),
                PlateConfig.DISABLED, ViolationConfig.DISABLED, new TrafficConfig(true, 0.2, 2, Map.of("eastbound",
                zone)));
        List<String> levels = Collections.synchronizedList(new ArrayList<>());
        List<Integer> queues = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("ww"))) {
            JdbcWarningRepository repository = new JdbcWarningRepository(db);
            WarningSnapshots snapshots = new WarningSnapshots(dir);
            WarningRecorder recorder = new WarningRecorder(repository, snapshots, w -> { },
                    new SimpleMeterRegistry(), 16);
            CameraTraffic traffic = new CameraTraffic(camera, new TrafficListener() {
                @Override
                public void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics,
                                  Instant frameAt) {
                    levels.add(String.format("%.1f %s", (frameAt.toEpochMilli() - T0.toEpochMilli()) / 1000.0,
                            level.wireName()));
                }

                @Override
                public void warning(Warning warning, Mat frame) {
                    recorder.submit(warning, ZoneOffset.ofHours(7), frame);
                }
            });
            try (CameraAnalysis analysis = new CameraAnalysis(camera, detector, 0.3, new SimpleMeterRegistry(),
                    new MinuteCounts(), e -> { }, null, null, traffic);
                 FrameSource source = new FfmpegFrameSource(camera.id(), camera.source(), camera.detect())) {
                for (Frame next = source.read(); next != null; next = source.read()) {
                    try (Frame frame = next) {
                        analysis.analyse(frame.image(), frame.streamMillis(), T0.plusMillis(frame.streamMillis()));
                    }
                    Integer q = traffic.zones().get(0).traffic().queueVehicles();
                    queues.add(q == null ? -1 : q);
                }
            }
            assertTrue(recorder.drain(10_000));
            recorder.close();
            // Free, then slow while the first pickups roll in, then congested once the three stand: never back.
            assertEquals("congested", levels.get(levels.size() - 1).split(" ")[1], levels.toString());
            assertTrue(levels.size() <= 3, "levels flapped: " + levels);
            assertEquals(3, queues.stream().mapToInt(Integer::intValue).max().orElse(0), queues.toString());
            List<StoredWarning> stored = repository.list(new WarningQuery(null, null, null, null, null, null, 10));
            assertEquals(1, stored.size(), stored.toString());
            StoredWarning w = stored.get(0);
            assertEquals(Warning.CONGESTION, w.warning().kind());
            assertEquals("congested", w.warning().level());
            assertTrue(w.warning().active());
            assertNotNull(w.snapshotFile());
            assertTrue(Files.size(snapshots.resolve(w.snapshotFile()).orElseThrow()) > 1000);
            // The three stopped by 7 s; standing still takes the tracker a moment, then min_seconds (2 s).
            double raisedAt = (w.warning().raisedAt().toEpochMilli() - T0.toEpochMilli()) / 1000.0;
            assertTrue(raisedAt > 7 && raisedAt < 14, "raised at " + raisedAt + " s; levels " + levels);
        }
    }
}
