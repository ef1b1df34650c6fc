package vn.wardwatch.testsupport;

import java.nio.file.Path;
import java.util.Map;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.util.OpenCv;

/**
 * The example config's detector (CenterNet 448, 2 threads, two-wheelers at 0.45), loaded once for all tests of the
 * fork that run real video through it. Never closed: the JVM's exit frees it.
 */
public final class Detectors {

    private static Detector shared;

    private Detectors() {
    }

    public static synchronized Detector centerNet448() {
        if (shared == null) {
            OpenCv.load();
            Path model = Path.of("models/centernet-448.onnx");
            if (!model.toFile().isFile()) {
                throw new AssertionError("model " + model + " is missing: run ./scripts/setup-models.sh");
            }
            shared = DetectorFactory.create(new DetectorConfig("centernet", model, 448, 448, 2, 0.3, 0.5,
                    Map.of(ObjectClass.MOTORBIKE, 0.45, ObjectClass.BICYCLE, 0.45)));
        }
        return shared;
    }
}
