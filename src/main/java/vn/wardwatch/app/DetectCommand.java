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
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.detect.FrameDetector;
import vn.wardwatch.detect.RiderMerger;
import vn.wardwatch.util.OpenCv;

/**
 * Runs the live detection path ({@link FrameDetector}: model, one box per vehicle, riders merged) on still images
 * and prints what it finds, as JSON lines or readable text. An image that cannot be read is reported and skipped;
 * the exit code is then non-zero.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Detect objects in images with the configured detector (the same path as live cameras).")
public final class DetectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files (JPEG, PNG, BMP, ...)")
    List<Path> images;

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "configuration whose detector section is used (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--min-score", defaultValue = "0.05",
            description = "report every object scoring at least this (default: ${DEFAULT-VALUE})")
    double minScore;

    @Option(names = "--json", description = "one JSON object per line and image: {\"file\", \"width\", \"height\","
            + " \"objects\": [{\"class\", \"score\", \"box\": [x, y, w, h], \"riders\"}]}")
    boolean json;

    @Option(names = "--no-merge", description = "leave riders and their bikes apart (to study what the merge does;"
            + " the live pipeline always merges)")
    boolean noMerge;

    @Override
    public Integer call() {
        if (minScore < 0 || minScore > 1) {
            throw new IllegalArgumentException("--min-score must be between 0 and 1, got " + minScore);
        }
        var detectorConfig = ConfigLoader.load(config).detector();
        OpenCv.load();
        try (Detector model = DetectorFactory.create(detectorConfig)) {
            return run(new FrameDetector(model, !noMerge), images, minScore, json, System.out, System.err);
        }
    }

    /** Detects in each image in turn; returns 0 when every image was read, 1 otherwise. */
    static int run(FrameDetector detector, List<Path> images, double minScore, boolean json, PrintStream out,
                   PrintStream err) {
        int failed = 0;
        for (Path file : images) {
            JsonObject result;
            try {
                result = detect(detector, file, minScore);
            } catch (IllegalArgumentException e) {
                err.println("detect: " + e.getMessage());
                failed++;
                continue;
            }
            if (json) {
                out.println(result.encode());
            } else {
                printReadable(result, out);
            }
            out.flush();
        }
        if (failed > 0) {
            err.printf(Locale.ROOT, "detect: %d of %d images could not be read%n", failed, images.size());
        }
        return failed == 0 ? 0 : 1;
    }

    /** The detections of one image as the JSON object that {@code --json} prints. */
    static JsonObject detect(FrameDetector detector, Path file, double minScore) {
        Mat img = ImageFiles.read(file);
        try {
            return toJson(file.toString(), img.cols(), img.rows(), detector.detect(img, minScore));
        } finally {
            img.release();
        }
    }

    static JsonObject toJson(String file, int width, int height, List<Detection> detections) {
        JsonArray objects = new JsonArray();
        for (Detection d : detections) {
            BoundingBox b = d.box();
            JsonObject o = new JsonObject()
                    .put("class", d.objectClass().wireName())
                    .put("score", round(d.score(), 1000))
                    .put("box", new JsonArray().add(round(b.x(), 10)).add(round(b.y(), 10))
                            .add(round(b.width(), 10)).add(round(b.height(), 10)));
            if (RiderMerger.isTwoWheeler(d.objectClass())) {
                o.put("riders", d.riders());
            }
            objects.add(o);
        }
        return new JsonObject().put("file", file).put("width", width).put("height", height).put("objects", objects);
    }

    private static void printReadable(JsonObject result, PrintStream out) {
        JsonArray objects = result.getJsonArray("objects");
        out.printf(Locale.ROOT, "%s (%dx%d): %d objects%n", result.getString("file"), result.getInteger("width"),
                result.getInteger("height"), objects.size());
        for (int i = 0; i < objects.size(); i++) {
            JsonObject o = objects.getJsonObject(i);
            JsonArray box = o.getJsonArray("box");
            out.printf(Locale.ROOT, "  %-13s %.3f  x=%.0f y=%.0f w=%.0f h=%.0f%s%n", o.getString("class"),
                    o.getDouble("score"), box.getDouble(0), box.getDouble(1), box.getDouble(2), box.getDouble(3),
                    o.containsKey("riders") ? "  riders=" + o.getInteger("riders") : "");
        }
    }

    /** Pixels to 0.1, scores to 0.001: more digits are noise and make the lines hard to read. */
    private static double round(double v, int perUnit) {
        return Math.round(v * perUnit) / (double) perUnit;
    }
}
