package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import picocli.CommandLine;
import vn.wardwatch.util.OpenCv;

/** eval-signals on a tiny YOLO data set drawn here (the real data live outside the repository). */
class EvalSignalsCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    /** A 200x100 frame with a 12x36 head at (40, 20) whose lamp {@code row} (0 top) is lit in {@code lit}. */
    private static void frame(Path file, int row, Scalar lit) {
        Mat m = new Mat(100, 200, CvType.CV_8UC3, new Scalar(120, 125, 130));
        try {
            Imgproc.rectangle(m, new Point(40, 20), new Point(51, 55), new Scalar(28, 28, 28), -1);
            Imgproc.circle(m, new Point(46, 26 + 12 * row), 4, lit, -1);
            Imgcodecs.imwrite(file.toString(), m);
        } finally {
            m.release();
        }
    }

    @Test
    void classifiesEveryLightBoxAndWritesTheFigures() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path labels = Files.createDirectories(dir.resolve("labels"));
        Files.write(dir.resolve("classes.txt"),
                List.of("car", "green_light", "motobike", "red_light", "stop_line", "yellow_light"));
        frame(images.resolve("a.png"), 0, new Scalar(50, 30, 255));
        frame(images.resolve("b.png"), 2, new Scalar(170, 255, 40));
        frame(images.resolve("c.png"), 1, new Scalar(0, 170, 255));
        // Head box (40,20)-(52,56) normalised by 200x100: one plain box, one polygon, a car that is no light, and a
        // light labelled with the wrong colour so that the matrix has a miss.
        String head = "0.23 0.38 0.06 0.36";
        Files.write(labels.resolve("a.txt"), List.of("3 " + head, "0 0.8 0.8 0.1 0.1"));
        Files.write(labels.resolve("b.txt"), List.of("1 0.2 0.2 0.26 0.2 0.26 0.56 0.2 0.56"));
        Files.write(labels.resolve("c.txt"), List.of("3 " + head));
        Path json = dir.resolve("out/signals.json");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new EvalSignalsCommand()).execute("--images", images.toString(),
                    "--labels", labels.toString(), "--classes", dir.resolve("classes.txt").toString(),
                    "--json", json.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, rc);
        JsonObject r = new JsonObject(Files.readString(json));
        assertEquals(3, r.getInteger("boxes"));
        assertEquals(1, r.getJsonObject("confusion").getJsonObject("red").getInteger("red"));
        assertEquals(1, r.getJsonObject("confusion").getJsonObject("red").getInteger("yellow"));
        assertEquals(1, r.getJsonObject("confusion").getJsonObject("green").getInteger("green"));
        assertEquals(2.0 / 3, r.getDouble("accuracy"), 1e-9);
        assertEquals(0.5, r.getJsonObject("perClass").getJsonObject("red").getDouble("accuracy"));
        assertEquals("c.png", r.getJsonArray("misses").getJsonObject(0).getString("file"));
        // Every box lands in one of the two file-name halves.
        assertEquals(3, r.getJsonArray("halves").getJsonObject(0).getInteger("boxes")
                + r.getJsonArray("halves").getJsonObject(1).getInteger("boxes"));
        String out = printed.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        assertTrue(out.contains("accuracy 66.7%"), out);
    }
}
