package vn.wardwatch.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.app.eval.EvalFiles;
import vn.wardwatch.app.eval.YoloLabels;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalReading;
import vn.wardwatch.signal.SignalStateClassifier;
import vn.wardwatch.util.OpenCv;

/**
 * Measures the signal-state classifier on the labelled light boxes of a YOLO data set (scenes-vn): every box of
 * class red_light, yellow_light or green_light is classified on its own and compared with its label. Prints the
 * confusion matrix (unknown included), accuracy per class, overall and on two halves of the frames, and ms per
 * classification. Evaluation only: the data live outside the repository and are not part of the test suite.
 */
@Command(name = "eval-signals", mixinStandardHelpOptions = true,
        description = "Confusion matrix, accuracy and ms per classification of the signal-state classifier on the"
                + " light boxes of a YOLO-labelled data set.")
public final class EvalSignalsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvalSignalsCommand.class);

    /** Issue 5's target. */
    static final double TARGET_ACCURACY = 0.97;

    /** Label class name for each colour the classifier can say. */
    static final Map<String, SignalColour> LIGHT_CLASSES = Map.of(
            "red_light", SignalColour.RED, "yellow_light", SignalColour.YELLOW, "green_light", SignalColour.GREEN);

    @Option(names = "--images", defaultValue = "../shared/data/scenes-vn/images",
            description = "folder of frames (default: ${DEFAULT-VALUE})")
    Path images;

    @Option(names = "--labels", defaultValue = "../shared/data/scenes-vn/labels",
            description = "folder of YOLO label files, one per frame (default: ${DEFAULT-VALUE})")
    Path labels;

    @Option(names = "--classes", defaultValue = "../shared/data/scenes-vn/classes.txt",
            description = "class names, one a line (default: ${DEFAULT-VALUE})")
    Path classes;

    @Option(names = "--misses", defaultValue = "20",
            description = "how many misclassified boxes to list (default: ${DEFAULT-VALUE})")
    int misses;

    @Option(names = "--json", defaultValue = "target/eval/signals.json",
            description = "write the figures to this JSON file too (default: ${DEFAULT-VALUE})")
    Path json;

    /** One labelled light box and what the classifier said about it. */
    public record Outcome(String file, SignalColour expected, SignalReading reading, double millis) {
        boolean correct() {
            return expected == reading.colour();
        }
    }

    @Override
    public Integer call() throws IOException {
        List<String> names = EvalFiles.yoloClassNames(images, labels, classes);
        if (LIGHT_CLASSES.keySet().stream().noneMatch(names::contains)) {
            throw new IllegalArgumentException(classes + " names none of " + LIGHT_CLASSES.keySet());
        }
        OpenCv.load();
        List<Outcome> outcomes = evaluate(new SignalStateClassifier(), images, labels, names);
        JsonObject report = report(outcomes, misses);
        print(report, System.out);
        if (json != null) {
            EvalFiles.writeJson(json, report);
            System.out.println("written to " + json);
        }
        return 0;
    }

    /** Classifies every light box of every labelled frame on the calling thread. */
    static List<Outcome> evaluate(SignalStateClassifier classifier, Path images, Path labels, List<String> names)
            throws IOException {
        List<Path> frames;
        try (Stream<Path> files = Files.list(images)) {
            frames = files.filter(Files::isRegularFile).sorted().toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        boolean warmedUp = false;
        int unlabelled = 0;
        for (Path frame : frames) {
            String name = frame.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path labelFile = labels.resolve((dot < 0 ? name : name.substring(0, dot)) + ".txt");
            if (!Files.isRegularFile(labelFile)) {
                unlabelled++; // an unlabelled frame has no boxes to judge
                continue;
            }
            Mat img = ImageFiles.read(frame);
            try {
                List<YoloLabels.Label> boxes;
                try {
                    // Scaled by this frame's own size: the data set mixes sizes.
                    boxes = YoloLabels.parse(Files.readAllLines(labelFile, StandardCharsets.UTF_8),
                            img.cols(), img.rows());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(labelFile + ": " + e.getMessage(), e);
                }
                for (YoloLabels.Label box : boxes) {
                    if (box.classId() < 0 || box.classId() >= names.size()) {
                        throw new IllegalArgumentException(labelFile + ": class " + box.classId()
                                + " is not in the class file");
                    }
                    SignalColour expected = LIGHT_CLASSES.get(names.get(box.classId()));
                    if (expected == null) {
                        continue;
                    }
                    if (!warmedUp) {
                        classifier.classify(img, box.box()); // first call loads and compiles: not timed
                        warmedUp = true;
                    }
                    long t0 = System.nanoTime();
                    SignalReading reading = classifier.classify(img, box.box());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    outcomes.add(new Outcome(name, expected, reading, ms));
                }
            } finally {
                img.release();
            }
        }
        if (unlabelled > 0) {
            LOG.warn("{} of {} frames in {} have no label file in {} and were skipped", unlabelled, frames.size(),
                    images, labels);
        }
        return outcomes;
    }

    static JsonObject report(List<Outcome> outcomes, int misses) {
        SignalColour[] colours = SignalColour.values();
        JsonObject matrix = new JsonObject();
        JsonObject perClass = new JsonObject();
        for (SignalColour expected : List.of(SignalColour.RED, SignalColour.YELLOW, SignalColour.GREEN)) {
            JsonObject row = new JsonObject();
            int total = 0;
            int right = 0;
            for (SignalColour got : colours) {
                long n = outcomes.stream().filter(o -> o.expected() == expected && o.reading().colour() == got)
                        .count();
                row.put(got.wireName(), n);
                total += (int) n;
                right += got == expected ? (int) n : 0;
            }
            matrix.put(expected.wireName(), row);
            perClass.put(expected.wireName(), new JsonObject().put("boxes", total)
                    .put("accuracy", total == 0 ? null : (double) right / total));
        }
        long correct = outcomes.stream().filter(Outcome::correct).count();
        double[] ms = outcomes.stream().mapToDouble(Outcome::millis).sorted().toArray();
        JsonArray missed = new JsonArray();
        outcomes.stream().filter(o -> !o.correct()).limit(Math.max(0, misses)).forEach(o -> missed.add(
                new JsonObject().put("file", o.file()).put("label", o.expected().wireName())
                        .put("predicted", o.reading().colour().wireName())
                        .put("confidence", o.reading().confidence()).put("litShare", o.reading().litShare())));
        return new JsonObject()
                .put("boxes", outcomes.size())
                .put("accuracy", outcomes.isEmpty() ? null : (double) correct / outcomes.size())
                .put("unknown", outcomes.stream().filter(o -> o.reading().colour() == SignalColour.UNKNOWN).count())
                .put("perClass", perClass)
                .put("confusion", matrix)
                .put("timing", new JsonObject()
                        .put("meanMs", ms.length == 0 ? null : Arrays.stream(ms).average().orElse(0))
                        .put("medianMs", EvalPlatesCommand.percentile(ms, 0.5))
                        .put("p95Ms", EvalPlatesCommand.percentile(ms, 0.95)))
                .put("misses", missed)
                .put("halves", halves(outcomes))
                .put("target", new JsonObject().put("accuracy", TARGET_ACCURACY));
    }

    static void print(JsonObject r, PrintStream out) {
        List<SignalColour> colours = List.of(SignalColour.values());
        out.printf(Locale.ROOT, "%d light boxes%n%nconfusion (rows: label, columns: predicted)%n",
                r.getInteger("boxes"));
        out.printf(Locale.ROOT, "%-8s", "");
        colours.forEach(c -> out.printf(Locale.ROOT, " %8s", c.wireName()));
        out.printf(Locale.ROOT, " %9s%n", "accuracy");
        JsonObject matrix = r.getJsonObject("confusion");
        for (String label : matrix.fieldNames()) {
            out.printf(Locale.ROOT, "%-8s", label);
            colours.forEach(c -> out.printf(Locale.ROOT, " %8d", matrix.getJsonObject(label).getLong(c.wireName())));
            Double acc = r.getJsonObject("perClass").getJsonObject(label).getDouble("accuracy");
            out.printf(Locale.ROOT, " %9s%n", acc == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * acc));
        }
        Double acc = r.getDouble("accuracy");
        out.printf(Locale.ROOT, "%naccuracy %s (target >= %.0f%%), unknown %d%n",
                acc == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * acc), 100 * TARGET_ACCURACY,
                r.getLong("unknown"));
        JsonArray halves = r.getJsonArray("halves");
        out.printf(Locale.ROOT, "by file-name half: %s%n", String.join(", ", halves.stream().map(o -> (JsonObject) o)
                .map(h -> String.format(Locale.ROOT, "%s (%d boxes)", h.getDouble("accuracy") == null ? "-"
                        : String.format(Locale.ROOT, "%.1f%%", 100 * h.getDouble("accuracy")), h.getInteger("boxes")))
                .toList()));
        JsonObject t = r.getJsonObject("timing");
        out.printf(Locale.ROOT, "ms per classification on one thread: median %s, p95 %s, mean %s%n",
                fmt(t.getDouble("medianMs")), fmt(t.getDouble("p95Ms")), fmt(t.getDouble("meanMs")));
        JsonArray missed = r.getJsonArray("misses");
        if (!missed.isEmpty()) {
            out.println("\nmisclassified (first " + missed.size() + "):");
            for (int i = 0; i < missed.size(); i++) {
                JsonObject m = missed.getJsonObject(i);
                out.printf(Locale.ROOT, "  %-60s label %-6s got %-7s lit %.3f%n", m.getString("file"),
                        m.getString("label"), m.getString("predicted"), m.getDouble("litShare"));
            }
        }
    }

    /**
     * Accuracy on two halves of the frames, split by the CRC32 of the file name (a frame's boxes stay together): a
     * check that a change tuned while looking at one half also holds on the other.
     */
    static JsonArray halves(List<Outcome> outcomes) {
        int[] boxes = new int[2];
        int[] right = new int[2];
        for (Outcome o : outcomes) {
            CRC32 crc = new CRC32();
            crc.update(o.file().getBytes(StandardCharsets.UTF_8));
            int half = (int) (crc.getValue() & 1);
            boxes[half]++;
            right[half] += o.correct() ? 1 : 0;
        }
        JsonArray halves = new JsonArray();
        for (int h = 0; h < 2; h++) {
            halves.add(new JsonObject().put("boxes", boxes[h])
                    .put("accuracy", boxes[h] == 0 ? null : (double) right[h] / boxes[h]));
        }
        return halves;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
