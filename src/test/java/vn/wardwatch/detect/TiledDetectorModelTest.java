package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.util.OpenCv;

/** A tiled run of the real NanoDet model still finds the large objects of darknet's dog.jpg, each once. */
class TiledDetectorModelTest {

    static final Path MODEL = Path.of("models/nanodet-g-416.onnx");
    static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");

    @Test
    void tiledRunFindsBicycleAndTruckWhole() {
        OpenCv.load();
        if (!Files.isRegularFile(MODEL)) {
            fail("model " + MODEL + " is missing: run ./scripts/setup-models.sh");
        }
        if (!Files.isRegularFile(DOG)) {
            fail("test image " + DOG + " is missing: install the Debian package darknet");
        }
        Mat img = Imgcodecs.imread(DOG.toString());
        assertFalse(img.empty(), "cannot decode " + DOG);
        try (Detector tiled = new TiledDetector(
                new OnnxDetector(new DetectorConfig("nanodet", MODEL, 416, 416, 1, 0.3, 0.5)),
                new TiledDetector.Settings(2, 2, 0.25, 0, 0.5))) {
            List<Detection> found = tiled.detect(img);
            Detection bicycle = best(found, ObjectClass.BICYCLE);
            Detection truck = best(found, ObjectClass.TRUCK);
            assertTrue(bicycle != null, "no bicycle in " + found);
            assertTrue(truck != null, "no truck in " + found);
            // Whole boxes, not tile fragments: where darknet's own YOLO puts them (see NanoDetModelTest).
            assertTrue(bicycle.box().iou(BoundingBox.fromCorners(130, 125, 565, 440)) > 0.5, bicycle.toString());
            assertTrue(truck.box().iou(BoundingBox.fromCorners(465, 75, 690, 170)) > 0.4, truck.toString());
            // One bicycle: the tiles' pieces of it were dropped or merged.
            long bicycles = found.stream().filter(d -> d.objectClass() == ObjectClass.BICYCLE).count();
            assertTrue(bicycles == 1, "bicycle found " + bicycles + " times: " + found);
            for (Detection d : found) {
                assertTrue(d.box().x() >= 0 && d.box().right() <= img.cols() && d.box().bottom() <= img.rows(),
                        d.toString());
            }
        } finally {
            img.release();
        }
    }

    private static Detection best(List<Detection> found, ObjectClass c) {
        return found.stream().filter(d -> d.objectClass() == c).max(Comparator.comparingDouble(Detection::score))
                .orElse(null);
    }
}
