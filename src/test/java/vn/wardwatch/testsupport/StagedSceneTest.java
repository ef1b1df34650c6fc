package vn.wardwatch.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountEvent;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.ingest.FfmpegFrameSource;
import vn.wardwatch.ingest.Frame;
import vn.wardwatch.ingest.FrameSource;
import vn.wardwatch.pipeline.CameraAnalysis;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalReading;
import vn.wardwatch.signal.SignalStateClassifier;

/**
 * The staged scenes are seen as staged: the real detector and tracker (through {@link CameraAnalysis}, as the live
 * pipeline and replay run them) follow each staged vehicle across the stop line and along the westbound lane in the
 * direction it drives, and the signal classifier reads every phase of the drawn head.
 */
class StagedSceneTest {

    /** Analysis rate, as the sample camera's; the video itself is 10 fps. */
    private static final double FPS = 5;
    /** A crossing is completed within one analysis frame of the staged time, plus the box's jitter. */
    private static final double CROSSING_TOLERANCE_SECONDS = 0.5;
    /** Frames this close to a phase change may show either phase (the encoder's and the sampler's rounding). */
    private static final double PHASE_MARGIN_SECONDS = 0.25;
    private static final Set<ObjectClass> VEHICLES = EnumSet.of(ObjectClass.CAR, ObjectClass.TRUCK, ObjectClass.BUS,
            ObjectClass.MOTORBIKE, ObjectClass.BICYCLE);

    private static Detector detector;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        detector = Detectors.centerNet448();
    }

    @Test
    void redLightSceneShowsAGreenCrossingARedCrossingAndAWrongWayDrive() throws Exception {
        StagedScene scene = StagedScene.redLightAndWrongWay();
        Seen seen = analyse(scene);

        List<CountEvent> stop = seen.on("stop_line");
        assertEquals(2, stop.size(), "crossings of the stop line: " + stop);
        assertCrossing(scene, stop.get(0), CountEvent.IN, scene.passes().get(0));
        assertCrossing(scene, stop.get(1), CountEvent.IN, scene.passes().get(2));
        assertEquals(SignalColour.GREEN, scene.phaseAt(seconds(stop.get(0))));
        assertEquals(SignalColour.RED, scene.phaseAt(seconds(stop.get(1))));
        assertTrue(seconds(stop.get(1)) - 8 > 3, "the red crossing comes well after the change to red");

        List<CountEvent> west = seen.on("westbound_lane");
        assertEquals(1, west.size(), "crossings in the westbound lane: " + west);
        // "in" is eastbound: against the westbound lane's direction.
        assertCrossing(scene, west.get(0), CountEvent.IN, scene.passes().get(1));
        seen.assertSignalRead(scene);
    }

    @Test
    void legalSceneShowsAGreenCrossingAWestboundDriveAndAVehicleWaitingAtRed() throws Exception {
        StagedScene scene = StagedScene.legalOnly();
        Seen seen = analyse(scene);

        List<CountEvent> stop = seen.on("stop_line");
        assertEquals(1, stop.size(), "crossings of the stop line: " + stop);
        assertCrossing(scene, stop.get(0), CountEvent.IN, scene.passes().get(0));
        assertEquals(SignalColour.GREEN, scene.phaseAt(seconds(stop.get(0))));

        List<CountEvent> west = seen.on("westbound_lane");
        assertEquals(1, west.size(), "crossings in the westbound lane: " + west);
        assertCrossing(scene, west.get(0), CountEvent.OUT, scene.passes().get(1));
        // The third vehicle is seen, waiting in its lane short of the line, not missed.
        int waiting = seen.lastOccupancy.getOrDefault("eastbound", Map.of()).values().stream()
                .mapToInt(Integer::intValue).sum();
        assertEquals(1, waiting, "vehicles in the eastbound lane at the end: " + seen.lastOccupancy);
        seen.assertSignalRead(scene);
    }

    @Test
    void sceneGeometryIsInsideTheAnalysisFrameAndTheStopLineSpansOnlyTheEastboundLane() {
        StagedScene scene = StagedScene.redLightAndWrongWay();
        LineSegment stop = scene.stopLine();
        SceneLane east = scene.eastboundLane();
        Point middle = new Point((stop.a().x() + stop.b().x()) / 2, (stop.a().y() + stop.b().y()) / 2);
        assertTrue(east.polygon().contains(middle.x(), middle.y()));
        assertTrue(!scene.westboundLane().polygon().contains(middle.x(), middle.y()));
        assertTrue(east.to().x() > east.from().x(), "eastbound runs left to right");
        var head = scene.signalHead();
        assertTrue(head.width() >= 14 && head.height() >= 40 && head.right() <= StagedScene.WIDTH
                && head.bottom() <= StagedScene.HEIGHT, "head " + head);
    }

    private static void assertCrossing(StagedScene scene, CountEvent event, String direction, VehiclePass pass) {
        assertEquals(direction, event.direction(), pass.label() + ": " + event);
        assertTrue(VEHICLES.contains(event.objectClass()), pass.label() + " seen as a vehicle: " + event);
        double staged = pass.secondsAtX(scene.stopLine().a().x());
        assertEquals(staged, seconds(event), CROSSING_TOLERANCE_SECONDS, pass.label() + " crossed at the staged time");
    }

    private static double seconds(CountEvent event) {
        return event.streamMillis() / 1000.0;
    }

    /**
     * Runs the composed video through the live analysis path with count lines on the stop line and across the
     * westbound lane, and the lanes as zones.
     */
    private Seen analyse(StagedScene scene) throws Exception {
        Path video = scene.compose(dir);
        LineSegment stop = scene.stopLine();
        double x = stop.a().x();
        var westLane = scene.westboundLane().polygon().points();
        double westTop = westLane.stream().mapToDouble(Point::y).min().orElseThrow();
        double westBottom = westLane.stream().mapToDouble(Point::y).max().orElseThrow();
        // Both drawn top to bottom: "in" is eastbound, "out" westbound (LineConfig).
        List<LineConfig> lines = List.of(
                new LineConfig("stop_line", stop, Set.of(CountEvent.IN, CountEvent.OUT), VEHICLES),
                new LineConfig("westbound_lane", new LineSegment(new Point(x, westTop), new Point(x, westBottom)),
                        Set.of(CountEvent.IN, CountEvent.OUT), VEHICLES));
        String file = video.toString();
        CameraConfig camera = new CameraConfig("staged", scene.name(), ZoneId.of("Asia/Ho_Chi_Minh"),
                new SourceConfig(file, file, false, 10),
                new DetectConfig(StagedScene.WIDTH, StagedScene.HEIGHT, FPS, Map.of(), List.of(), false, 4),
                new GeometryConfig(lines, scene.lanes().stream()
                        .map(lane -> new ZoneConfig(lane.id(), lane.polygon(), VEHICLES)).toList()),
                PlateConfig.DISABLED);
        Seen seen = new Seen();
        SignalStateClassifier classifier = new SignalStateClassifier();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (CameraAnalysis analysis = new CameraAnalysis(camera, detector, 0.3, new SimpleMeterRegistry(),
                new MinuteCounts(), seen.events::add);
             FrameSource source = new FfmpegFrameSource(camera.id(), camera.source(), camera.detect())) {
            for (Frame next = source.read(); next != null; next = source.read()) {
                try (Frame frame = next) {
                    seen.readings.add(new Reading(frame.streamMillis() / 1000.0,
                            classifier.classify(frame.image(), scene.signalHead())));
                    analysis.analyse(frame.image(), frame.streamMillis(), t0.plusMillis(frame.streamMillis()));
                }
                seen.lastOccupancy = analysis.zoneOccupancy();
            }
        }
        assertTrue(seen.readings.size() >= scene.seconds() * FPS - 2, "frames analysed: " + seen.readings.size());
        return seen;
    }

    private record Reading(double seconds, SignalReading reading) {
    }

    /** What the analysis produced over one scene. */
    private static final class Seen {
        final List<CountEvent> events = new ArrayList<>();
        final List<Reading> readings = new ArrayList<>();
        Map<String, Map<ObjectClass, Integer>> lastOccupancy = Map.of();

        List<CountEvent> on(String line) {
            return events.stream().filter(e -> e.lineId().equals(line)).toList();
        }

        void assertSignalRead(StagedScene scene) {
            int checked = 0;
            for (Reading r : readings) {
                if (scene.secondsToPhaseChange(r.seconds()) < PHASE_MARGIN_SECONDS) {
                    continue;
                }
                assertEquals(scene.phaseAt(r.seconds()), r.reading().colour(), "signal at " + r.seconds() + " s: "
                        + r.reading());
                checked++;
            }
            // Only the few frames around each change are left out.
            assertTrue(checked >= 0.9 * readings.size(), "frames checked: " + checked + " of " + readings.size());
        }
    }
}
