package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.detect.FrameDetector;
import vn.wardwatch.detect.OnnxDetector;
import vn.wardwatch.util.OpenCv;

/** The detect command's core on darknet's dog.jpg (Debian package darknet) with the project's NanoDet model. */
class DetectCommandTest {

    static final Path MODEL = Path.of("models/nanodet-g-416.onnx");
    static final Path DOG = Path.of("/usr/share/darknet/data/dog.jpg");
    static final Set<String> CLASSES = Set.of("car", "motorbike", "bus", "truck", "bicycle", "person",
            "traffic_light");

    static OnnxDetector model;

    @BeforeAll
    static void load() {
        OpenCv.load();
        if (!Files.isRegularFile(MODEL)) {
            fail("model " + MODEL + " is missing: run ./scripts/setup-models.sh");
        }
        if (!Files.isRegularFile(DOG)) {
            fail(DOG + " is missing: install the Debian package darknet");
        }
        model = new OnnxDetector(new DetectorConfig("nanodet", MODEL, 416, 416, 2, 0.3, 0.5));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void jsonLineHasTheDocumentedShapeAndFindsBicycleAndTruck(@TempDir Path tmp) throws IOException {
        Path broken = tmp.resolve("broken.jpg");
        Files.writeString(broken, "not a jpeg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = DetectCommand.run(new FrameDetector(model), List.of(broken, DOG, tmp.resolve("missing.jpg")),
                0.05, true, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(1, rc, "unreadable images make the exit code non-zero");
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("broken.jpg") && errors.contains("missing.jpg"), errors);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one line for the one readable image, after the broken one: " + lines);
        JsonObject result = new JsonObject(lines.get(0));
        assertEquals(DOG.toString(), result.getString("file"));
        assertEquals(768, result.getInteger("width"));
        assertEquals(576, result.getInteger("height"));
        JsonArray objects = result.getJsonArray("objects");
        boolean bicycle = false;
        boolean vehicle = false;
        for (int i = 0; i < objects.size(); i++) {
            JsonObject o = objects.getJsonObject(i);
            String c = o.getString("class");
            double score = o.getDouble("score");
            JsonArray box = o.getJsonArray("box");
            assertTrue(CLASSES.contains(c), o.encode());
            assertTrue(score >= 0.05 && score <= 1, o.encode());
            assertEquals(4, box.size(), o.encode());
            assertTrue(box.getDouble(0) >= 0 && box.getDouble(1) >= 0 && box.getDouble(2) > 0
                    && box.getDouble(3) > 0 && box.getDouble(0) + box.getDouble(2) <= 768.01
                    && box.getDouble(1) + box.getDouble(3) <= 576.01, o.encode());
            boolean twoWheeler = c.equals("motorbike") || c.equals("bicycle");
            assertEquals(twoWheeler, o.containsKey("riders"), o.encode());
            bicycle |= c.equals("bicycle") && score >= 0.3;
            vehicle |= (c.equals("truck") || c.equals("car")) && score >= 0.3;
        }
        assertTrue(bicycle && vehicle, "a bicycle and a truck or car expected: " + objects.encode());
    }
}
