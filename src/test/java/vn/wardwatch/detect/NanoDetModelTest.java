package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.util.OpenCv;

/** The real converted NanoDet model on real photos from Debian packages (darknet, opencv-doc). */
class NanoDetModelTest {

    static final Path MODEL = Path.of("models/nanodet-g-416.onnx");
    static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");
    static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    static OnnxDetector detector;

    @BeforeAll
    static void loadModel() {
        detector = load("nanodet", MODEL, 416);
    }

    /** Loads a real model made by setup-models.sh; a missing one fails the test with what to run. */
    static OnnxDetector load(String type, Path model, int inputSize) {
        OpenCv.load();
        if (!Files.isRegularFile(model)) {
            fail("model " + model + " is missing: run ./scripts/setup-models.sh");
        }
        return new OnnxDetector(new DetectorConfig(type, model, inputSize, inputSize, 2, 0.3, 0.5));
    }

    @AfterAll
    static void closeModel() {
        if (detector != null) {
            detector.close();
        }
    }

    static Mat read(Path image) {
        if (!Files.isRegularFile(image)) {
            fail("test image " + image + " is missing: install the Debian package that provides it");
        }
        Mat m = Imgcodecs.imread(image.toString());
        assertFalse(m.empty(), "cannot decode " + image);
        return m;
    }

    @Test
    void findsBicycleAndTruckInDarknetDogPhoto() {
        Mat img = read(DOG); // 768x576: bicycle left-centre, truck top-right, dog bottom-left
        List<Detection> found = detector.detect(img);
        Detection bicycle = best(found, ObjectClass.BICYCLE);
        Detection truck = best(found, ObjectClass.TRUCK);
        assertTrue(bicycle != null, "no bicycle in " + found);
        assertTrue(truck != null, "no truck in " + found);
        // Where darknet's own YOLO puts them: bicycle about (130,125)-(565,440), truck about (465,75)-(690,170).
        assertTrue(bicycle.box().iou(BoundingBox.fromCorners(130, 125, 565, 440)) > 0.5, bicycle.toString());
        assertTrue(truck.box().iou(BoundingBox.fromCorners(465, 75, 690, 170)) > 0.4, truck.toString());
        // All boxes are in frame pixels.
        for (Detection d : found) {
            assertTrue(d.box().x() >= 0 && d.box().right() <= img.cols() && d.box().bottom() <= img.rows(),
                    d.toString());
        }
    }

    @Test
    void findsPedestriansInOpencvStreetVideo(@TempDir Path tmp) throws IOException, InterruptedException {
        Path frame = tmp.resolve("vtest.png");
        if (!Files.isRegularFile(VTEST)) {
            fail(VTEST + " is missing: install the Debian package opencv-doc");
        }
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-ss", "2", "-i",
                VTEST.toString(), "-frames:v", "1", frame.toString()).inheritIO().start();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, ffmpeg.exitValue(), "ffmpeg could not extract a frame");
        Mat img = read(frame);
        List<Detection> persons = detector.detect(img).stream()
                .filter(d -> d.objectClass() == ObjectClass.PERSON).toList();
        List<Detection> confident = persons.stream().filter(d -> d.score() >= 0.5).toList();
        assertTrue(confident.size() >= 3, "expected several clear pedestrians, got " + persons);
        assertTrue(confident.stream().allMatch(d -> d.box().height() > 1.5 * d.box().width()),
                "clear pedestrian boxes should be upright: " + confident);
    }

    @Test
    void nothingOnAPlainGrayFrame() {
        Mat gray = new Mat(480, 640, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(128, 128, 128));
        assertEquals(List.of(), detector.detect(gray));
    }

    @Test
    void missingModelFileNamesTheSetupScript() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OnnxDetector(
                new DetectorConfig("nanodet", Path.of("models/no-such.onnx"), 416, 416, 1, 0.3, 0.5)));
        assertEquals("model file models/no-such.onnx not found: run ./scripts/setup-models.sh", e.getMessage());
    }

    @Test
    void modelThatDoesNotFitTheConfigIsRejected() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new OnnxDetector(
                new DetectorConfig("nanodet", MODEL, 320, 320, 1, 0.3, 0.5)));
        assertTrue(size.getMessage().contains("input shape [1, 3, 416, 416]"), size.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> new OnnxDetector(
                new DetectorConfig("yolov8", MODEL, 416, 416, 1, 0.3, 0.5)));
        assertTrue(type.getMessage().contains("does not fit detector type yolov8"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DetectorFactory.create(
                new DetectorConfig("ssd", MODEL, 416, 416, 1, 0.3, 0.5)));
    }

    @Test
    void modelNameComesFromTheFile() {
        assertEquals("nanodet-g-416", detector.modelName());
    }

    private static Detection best(List<Detection> found, ObjectClass c) {
        return found.stream().filter(d -> d.objectClass() == c).findFirst().orElse(null);
    }
}
