package vn.wardwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.detect.OnnxDetector;
import vn.wardwatch.util.OpenCv;

/** What the tracker is given: road users only, split into high and low score by the camera's thresholds. */
class CameraAnalysisTest {

    private static OnnxDetector model;
    private static CameraAnalysis analysis;

    @BeforeAll
    static void start() {
        OpenCv.load();
        Path file = Path.of("models/nanodet-g-416.onnx");
        if (!file.toFile().isFile()) {
            throw new AssertionError("model " + file + " is missing: run ./scripts/setup-models.sh");
        }
        model = new OnnxDetector(new DetectorConfig("nanodet", file, 416, 416, 1, 0.3, 0.5));
        CameraConfig camera = new CameraConfig("cam", "cam", ZoneId.of("Asia/Ho_Chi_Minh"),
                new SourceConfig("x.mp4", "x.mp4", false, 5),
                new DetectConfig(640, 480, 5, Map.of(ObjectClass.PERSON, 0.5), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of()), PlateConfig.DISABLED);
        analysis = new CameraAnalysis(camera, model, 0.3, new SimpleMeterRegistry(), new MinuteCounts(), e -> { });
    }

    @AfterAll
    static void stop() {
        analysis.close();
        model.close();
    }

    private static Detection det(ObjectClass c, double score) {
        return new Detection(c, score, new BoundingBox(10, 10, 50, 50));
    }

    @Test
    void aRuleAskingForAPlateIsToldWhenPlateReadingIsOff() {
        assertFalse(analysis.requestPlateRead(1, "red_light"));
    }

    @Test
    void trafficLightsAndVeryWeakDetectionsAreNotTracked() {
        List<Detection> out = analysis.forTracker(List.of(det(ObjectClass.TRAFFIC_LIGHT, 0.9),
                det(ObjectClass.CAR, 0.05), det(ObjectClass.CAR, 0.4)));
        assertEquals(1, out.size());
        assertEquals(ObjectClass.CAR, out.get(0).objectClass());
    }

    @Test
    void eachClassThresholdBecomesTheTrackersHighThreshold() {
        double high = 0.5; // ByteTracker.Settings.defaults().highThreshold()
        List<Detection> out = analysis.forTracker(List.of(det(ObjectClass.PERSON, 0.45), det(ObjectClass.CAR, 0.45)));
        // 0.45 is below the person threshold (0.5) but above the camera's default (0.3) used for cars.
        assertTrue(out.get(0).score() < high, "person 0.45 must stay low: " + out.get(0));
        assertTrue(out.get(1).score() >= high, "car 0.45 must be high: " + out.get(1));
    }
}
