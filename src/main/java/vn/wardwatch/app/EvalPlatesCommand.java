package vn.wardwatch.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.app.eval.EditAlignment;
import vn.wardwatch.app.eval.EvalFiles;
import vn.wardwatch.app.eval.PlateLabels;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.plate.PlateGrammar;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.util.OpenCv;

/**
 * Measures the plate reader on labelled plate crops (plates-vn): exact-match accuracy ignoring {@code -}, {@code .}
 * and spaces, for one-line and two-line plates and overall, the character error rate, the confusions that remain,
 * the worst disagreements and the time per plate on one thread. Evaluation only: the data live outside the
 * repository and are not part of the test suite.
 */
@Command(name = "eval-plates", mixinStandardHelpOptions = true,
        description = "Exact-match accuracy, character error rate and ms per plate of the plate reader on labelled"
                + " plate crops.")
public final class EvalPlatesCommand implements Callable<Integer> {

    /** Issue 4's targets. */
    static final double TARGET_EXACT = 0.95;
    static final double TARGET_MEDIAN_MS = 25;

    @Option(names = "--images", defaultValue = "../shared/data/plates-vn/images",
            description = "folder of plate crops (default: ${DEFAULT-VALUE})")
    Path images;

    @Option(names = "--labels", defaultValue = "../shared/data/plates-vn/labels.csv",
            description = "CSV file,plate,lines (default: ${DEFAULT-VALUE})")
    Path labels;

    @Option(names = "--confusions", defaultValue = "15",
            description = "how many of the commonest remaining confusions to list (default: ${DEFAULT-VALUE})")
    int confusions;

    @Option(names = "--worst", defaultValue = "25",
            description = "how many disagreements to list, most confident read first (default: ${DEFAULT-VALUE})")
    int worst;

    @Option(names = "--json", defaultValue = "target/eval/plates.json",
            description = "write the figures to this JSON file too (default: ${DEFAULT-VALUE})")
    Path json;

    /** One crop: the label, the best read (empty when none), and the time it took. */
    public record Outcome(PlateLabels.Label label, String read, int readLines, boolean valid, double confidence,
                          double millis, double cpuMillis, String error) {

        public String expected() {
            return PlateGrammar.compact(label.plate());
        }

        public String got() {
            return PlateGrammar.compact(read);
        }

        public boolean exact() {
            return error == null && expected().equals(got());
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("folder " + images.toAbsolutePath().normalize() + " does not exist");
        }
        if (!Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("label file " + labels.toAbsolutePath().normalize()
                    + " does not exist");
        }
        List<PlateLabels.Label> rows;
        try {
            rows = PlateLabels.parse(Files.readAllLines(labels, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(labels + ": " + e.getMessage(), e);
        }
        OpenCv.load();
        List<Outcome> outcomes;
        try (PlateReader reader = new OcrPlateReader()) {
            outcomes = evaluate(reader, images, rows);
        }
        JsonObject report = report(outcomes, confusions, worst);
        print(report, System.out);
        if (json != null) {
            EvalFiles.writeJson(json, report);
            System.out.println("written to " + json);
        }
        return 0;
    }

    /** Reads every labelled crop on the calling thread (one thread), timing each read after one warm-up read. */
    public static List<Outcome> evaluate(PlateReader reader, Path images, List<PlateLabels.Label> rows) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        boolean warmedUp = false;
        for (PlateLabels.Label label : rows) {
            Path file = images.resolve(label.file());
            Mat img = Imgcodecs.imread(file.toString());
            try {
                if (img.empty()) {
                    outcomes.add(new Outcome(label, "", 0, false, 0, Double.NaN, Double.NaN,
                            "cannot read " + file));
                    continue;
                }
                if (!warmedUp) {
                    reader.readImage(img); // first run allocates and optimises: kept out of the timing
                    warmedUp = true;
                }
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                List<PlateRead> reads = reader.readImage(img);
                double ms = (System.nanoTime() - t0) / 1e6;
                double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
                if (reads.isEmpty()) {
                    outcomes.add(new Outcome(label, "", 0, false, 0, ms, cpuMs, null));
                } else {
                    PlateRead best = reads.get(0);
                    outcomes.add(new Outcome(label, best.text(), best.layout().lines(), best.valid(),
                            best.confidence(), ms, cpuMs, null));
                }
            } finally {
                img.release();
            }
        }
        return outcomes;
    }

    /** The figures of a run as JSON: accuracy by layout, CER, confusions, disagreements, timing. */
    public static JsonObject report(List<Outcome> outcomes, int topConfusions, int topWorst) {
        JsonObject accuracy = new JsonObject();
        for (String group : List.of("one-line", "two-line", "all")) {
            List<Outcome> in = outcomes.stream().filter(o -> group.equals("all")
                    || o.label().lines() == (group.equals("one-line") ? 1 : 2)).toList();
            long exact = in.stream().filter(Outcome::exact).count();
            long layoutRight = in.stream().filter(o -> o.readLines() == o.label().lines()).count();
            List<Outcome> canonical = in.stream().filter(o -> canonicalLabel(o.label().plate())).toList();
            long canonicalExact = canonical.stream().filter(Outcome::exact).count();
            accuracy.put(group, new JsonObject().put("plates", in.size()).put("exact", exact)
                    .put("exactRate", in.isEmpty() ? null : (double) exact / in.size())
                    .put("layoutRate", in.isEmpty() ? null : (double) layoutRight / in.size())
                    .put("canonicalLabels", canonical.size())
                    .put("canonicalExactRate", canonical.isEmpty() ? null
                            : (double) canonicalExact / canonical.size()));
        }
        int edits = 0;
        int characters = 0;
        Map<String, Integer> pairs = new HashMap<>();
        List<Outcome> misses = new ArrayList<>();
        for (Outcome o : outcomes) {
            List<EditAlignment.Edit> e = EditAlignment.edits(o.expected(), o.got());
            edits += e.size();
            characters += o.expected().length();
            e.forEach(edit -> pairs.merge(edit.toString(), 1, Integer::sum));
            if (!o.exact()) {
                misses.add(o);
            }
        }
        JsonArray confusionArray = new JsonArray();
        pairs.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, topConfusions))
                .forEach(en -> confusionArray.add(new JsonObject().put("pair", en.getKey())
                        .put("count", en.getValue())));
        // Most confident misses first: a confident, valid read that disagrees is often a wrong label.
        misses.sort(Comparator.comparingDouble(Outcome::confidence).reversed()
                .thenComparing(o -> o.label().file()));
        JsonArray worstArray = new JsonArray();
        for (Outcome o : misses.subList(0, Math.min(Math.max(0, topWorst), misses.size()))) {
            JsonObject w = new JsonObject().put("file", o.label().file()).put("label", o.label().plate())
                    .put("read", o.read()).put("valid", o.valid())
                    .put("confidence", Math.round(o.confidence() * 1000) / 1000.0)
                    .put("edits", EditAlignment.distance(o.expected(), o.got()));
            if (o.error() != null) {
                w.put("error", o.error());
            }
            worstArray.add(w);
        }
        double[] ms = outcomes.stream().mapToDouble(Outcome::millis).filter(Double::isFinite).sorted().toArray();
        double[] cpu = outcomes.stream().mapToDouble(Outcome::cpuMillis).filter(Double::isFinite).sorted().toArray();
        return new JsonObject()
                .put("plates", outcomes.size())
                .put("unreadableFiles", outcomes.stream().filter(o -> o.error() != null).count())
                .put("accuracy", accuracy)
                .put("characterErrorRate", characters == 0 ? null : (double) edits / characters)
                .put("confusions", confusionArray)
                .put("misses", misses.size())
                .put("worst", worstArray)
                .put("timing", new JsonObject().put("threads", 1)
                        .put("medianMs", percentile(ms, 0.5)).put("p95Ms", percentile(ms, 0.95))
                        .put("meanMs", ms.length == 0 ? null : Arrays.stream(ms).average().orElse(0))
                        .put("medianCpuMs", percentile(cpu, 0.5)))
                .put("targets", new JsonObject().put("exactRate", TARGET_EXACT).put("medianMs", TARGET_MEDIAN_MS));
    }

    /**
     * Whether a label is written exactly as the grammar's canonical form would print it. The labels were made from
     * character boxes, and some came out in impossible forms (a four-digit number with a dot, digits out of
     * order): accuracy on the canonical ones alone shows how much of the miss rate is the labels'.
     */
    static boolean canonicalLabel(String plate) {
        PlateGrammar.Parse p = PlateGrammar.parse(plate);
        return p.valid() && p.text().equals(plate.replace('Đ', 'D'));
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static void print(JsonObject r, PrintStream out) {
        JsonObject acc = r.getJsonObject("accuracy");
        out.printf(Locale.ROOT, "%d plates (%d unreadable files); exact match ignoring '-', '.' and spaces:%n",
                r.getInteger("plates"), r.getLong("unreadableFiles"));
        out.printf(Locale.ROOT, "%-9s %7s %6s %8s %8s %8s   %s%n", "layout", "plates", "exact", "exact%", "target",
                "layout%", "exact% on labels in canonical form (plates)");
        for (String group : List.of("one-line", "two-line", "all")) {
            JsonObject g = acc.getJsonObject(group);
            out.printf(Locale.ROOT, "%-9s %7d %6d %8s %8s %8s   %s (%d)%n", group, g.getInteger("plates"),
                    g.getLong("exact"), percent(g.getDouble("exactRate")),
                    String.format(Locale.ROOT, ">=%.0f", 100 * TARGET_EXACT), percent(g.getDouble("layoutRate")),
                    percent(g.getDouble("canonicalExactRate")), g.getInteger("canonicalLabels"));
        }
        Double cer = r.getDouble("characterErrorRate");
        out.printf(Locale.ROOT, "character error rate: %s%n",
                cer == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * cer));
        JsonObject t = r.getJsonObject("timing");
        out.printf(Locale.ROOT, "ms per plate on one thread: median %s, p95 %s, mean %s (target median < %.0f);"
                + " CPU median %s%n", fmt(t.getDouble("medianMs")), fmt(t.getDouble("p95Ms")),
                fmt(t.getDouble("meanMs")), TARGET_MEDIAN_MS, fmt(t.getDouble("medianCpuMs")));
        JsonArray conf = r.getJsonArray("confusions");
        out.println("remaining confusions (label->read, _ = missing):");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < conf.size(); i++) {
            JsonObject c = conf.getJsonObject(i);
            sb.append(String.format(Locale.ROOT, " %s x%d", c.getString("pair"), c.getInteger("count")));
        }
        out.println(" " + sb.toString().strip());
        JsonArray worst = r.getJsonArray("worst");
        out.printf(Locale.ROOT, "%d misses; the %d most confident (a confident valid read that disagrees is often a"
                + " wrong label):%n", r.getInteger("misses"), worst.size());
        out.printf(Locale.ROOT, "%-26s %-16s %-16s %5s %6s %5s%n", "file", "label", "read", "valid", "conf", "edits");
        for (int i = 0; i < worst.size(); i++) {
            JsonObject w = worst.getJsonObject(i);
            out.printf(Locale.ROOT, "%-26s %-16s %-16s %5s %6.3f %5d%s%n", w.getString("file"), w.getString("label"),
                    w.getString("read").isEmpty() ? "(none)" : w.getString("read"), w.getBoolean("valid"),
                    w.getDouble("confidence"), w.getInteger("edits"),
                    w.containsKey("error") ? "  " + w.getString("error") : "");
        }
    }

    private static String percent(Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * rate);
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
