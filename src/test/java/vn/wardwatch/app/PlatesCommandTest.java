package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.testsupport.PlateReaders;

/** The plates command's output with the real reader: one JSON line per image, errors in line, the run goes on. */
class PlatesCommandTest {

    static OcrPlateReader reader;

    @BeforeAll
    static void load() {
        reader = PlateReaders.shared();
    }

    /** A white one-line plate drawn on a grey background, written as PNG. */
    static Path plateImage(Path dir) {
        Mat img = new Mat(160, 420, CvType.CV_8UC3, new Scalar(90, 95, 100));
        Imgproc.rectangle(img, new Point(40, 40), new Point(380, 120), new Scalar(235, 235, 235), -1);
        Imgproc.rectangle(img, new Point(40, 40), new Point(380, 120), new Scalar(20, 20, 20), 3);
        Imgproc.putText(img, "30A-339.18", new Point(58, 100), Imgproc.FONT_HERSHEY_SIMPLEX, 1.6,
                new Scalar(20, 20, 20), 4, Imgproc.LINE_AA);
        Path file = dir.resolve("plate.png");
        Imgcodecs.imwrite(file.toString(), img);
        return file;
    }

    @Test
    void jsonLinesHaveTheDocumentedShapeAndAnErrorDoesNotStopTheRun(@TempDir Path tmp) throws IOException {
        Path plate = plateImage(tmp);
        Path broken = tmp.resolve("broken.jpg");
        Files.writeString(broken, "not a jpeg");
        Path blank = tmp.resolve("blank.png");
        Imgcodecs.imwrite(blank.toString(), new Mat(100, 100, CvType.CV_8UC3, new Scalar(128, 128, 128)));
        Path missing = tmp.resolve("missing.jpg");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = PlatesCommand.run(reader, List.of(broken, plate, missing, blank), true,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(1, rc, "unreadable images make the exit code non-zero");
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), "one line per image, in order: " + lines);

        JsonObject first = new JsonObject(lines.get(0));
        assertEquals(Set.of("file", "error"), first.fieldNames());
        assertEquals(broken.toString(), first.getString("file"));
        assertTrue(first.getString("error").contains("broken.jpg"), first.encode());

        JsonObject read = new JsonObject(lines.get(1));
        assertEquals(Set.of("file", "plates"), read.fieldNames());
        JsonArray plates = read.getJsonArray("plates");
        assertFalse(plates.isEmpty(), read.encode());
        JsonObject p = plates.getJsonObject(0);
        assertEquals(Set.of("text", "lines", "valid", "confidence", "box", "colour"), p.fieldNames());
        assertEquals("30A-339.18", p.getString("text"));
        assertEquals(1, p.getInteger("lines"));
        assertTrue(p.getBoolean("valid"));
        assertEquals("white", p.getString("colour"));
        double confidence = p.getDouble("confidence");
        assertTrue(confidence > 0 && confidence <= 1, p.encode());
        JsonArray box = p.getJsonArray("box");
        assertEquals(4, box.size());
        // On the plate (drawn at 40..380 x 40..120), give or take the detector's margin around text.
        assertTrue(box.getDouble(0) >= 25 && box.getDouble(1) >= 25 && box.getDouble(0) + box.getDouble(2) <= 395
                && box.getDouble(1) + box.getDouble(3) <= 135, p.encode());
        for (int i = 1; i < plates.size(); i++) {
            assertTrue(plates.getJsonObject(i).getDouble("confidence") <= confidence, "most confident first");
        }

        JsonObject gone = new JsonObject(lines.get(2));
        assertTrue(gone.getString("error").contains("missing.jpg"), gone.encode());
        assertFalse(gone.containsKey("plates"));

        JsonObject none = new JsonObject(lines.get(3));
        assertEquals(new JsonArray(), none.getJsonArray("plates"));

        assertTrue(err.toString(StandardCharsets.UTF_8).contains("2 of 4 images could not be read"));
    }

    @Test
    void readableOutputListsEachPlate(@TempDir Path tmp) {
        Path plate = plateImage(tmp);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = PlatesCommand.run(reader, List.of(plate), false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, rc);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("plate.png: 1 plate") && text.contains("30A-339.18") && text.contains("white")
                && text.contains("valid"), text);
    }
}
