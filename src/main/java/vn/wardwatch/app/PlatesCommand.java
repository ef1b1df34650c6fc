package vn.wardwatch.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.util.OpenCv;

/**
 * Reads the licence plates on still images (whole scenes or plate crops) and prints each plate with its box, text,
 * layout, colour and confidence, as JSON lines or readable text. An image that cannot be read gets an error and the
 * run goes on; the exit code is then non-zero.
 */
@Command(name = "plates", mixinStandardHelpOptions = true,
        description = "Read Vietnamese licence plates on images (whole scenes or plate crops).")
public final class PlatesCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files (JPEG, PNG, BMP, ...)")
    List<Path> images;

    @Option(names = "--json", description = "one JSON object per line and image: {\"file\", \"plates\": [{\"text\","
            + " \"lines\", \"valid\", \"confidence\", \"box\": [x, y, w, h], \"colour\"}]}, most confident plate first;"
            + " {\"file\", \"error\"} for an image that cannot be read")
    boolean json;

    @Override
    public Integer call() {
        OpenCv.load();
        try (PlateReader reader = new OcrPlateReader()) {
            return run(reader, images, json, System.out, System.err);
        }
    }

    /** Reads each image in turn; returns 0 when every image could be read, 1 otherwise. */
    static int run(PlateReader reader, List<Path> images, boolean json, PrintStream out, PrintStream err) {
        int failed = 0;
        for (Path file : images) {
            JsonObject result;
            try {
                result = read(reader, file);
            } catch (IllegalArgumentException e) {
                failed++;
                result = new JsonObject().put("file", file.toString()).put("error", e.getMessage());
            }
            if (json) {
                out.println(result.encode());
            } else {
                printReadable(result, out, err);
            }
            out.flush();
        }
        if (failed > 0) {
            err.printf(Locale.ROOT, "plates: %d of %d images could not be read%n", failed, images.size());
        }
        return failed == 0 ? 0 : 1;
    }

    /** The plates of one image as the JSON object that {@code --json} prints. */
    static JsonObject read(PlateReader reader, Path file) {
        Mat img = ImageFiles.read(file);
        try {
            return toJson(file.toString(), reader.readImage(img));
        } finally {
            img.release();
        }
    }

    static JsonObject toJson(String file, List<PlateRead> reads) {
        JsonArray plates = new JsonArray();
        for (PlateRead p : reads) {
            BoundingBox b = p.box();
            plates.add(new JsonObject()
                    .put("text", p.text())
                    .put("lines", p.layout().lines())
                    .put("valid", p.valid())
                    .put("confidence", Math.round(p.confidence() * 1000) / 1000.0)
                    .put("box", new JsonArray().add(round(b.x())).add(round(b.y())).add(round(b.width()))
                            .add(round(b.height())))
                    .put("colour", p.colour().jsonName()));
        }
        return new JsonObject().put("file", file).put("plates", plates);
    }

    private static void printReadable(JsonObject result, PrintStream out, PrintStream err) {
        if (result.containsKey("error")) {
            err.println("plates: " + result.getString("error"));
            return;
        }
        JsonArray plates = result.getJsonArray("plates");
        out.printf(Locale.ROOT, "%s: %d plate%s%n", result.getString("file"), plates.size(),
                plates.size() == 1 ? "" : "s");
        for (int i = 0; i < plates.size(); i++) {
            JsonObject p = plates.getJsonObject(i);
            JsonArray box = p.getJsonArray("box");
            out.printf(Locale.ROOT, "  %-15s %d line%s  %-7s %.3f %-7s  x=%.0f y=%.0f w=%.0f h=%.0f%n",
                    p.getString("text"), p.getInteger("lines"), p.getInteger("lines") == 1 ? " " : "s",
                    p.getString("colour"), p.getDouble("confidence"), p.getBoolean("valid") ? "valid" : "INVALID",
                    box.getDouble(0), box.getDouble(1), box.getDouble(2), box.getDouble(3));
        }
    }

    /** Pixels to 0.1: more digits are noise. */
    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
