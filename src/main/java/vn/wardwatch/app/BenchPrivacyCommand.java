package vn.wardwatch.app;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.config.DetectorConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.plate.TextRegions;
import vn.wardwatch.privacy.ClipMasker;
import vn.wardwatch.privacy.PrivacyMasker;
import vn.wardwatch.privacy.RegionFinder;
import vn.wardwatch.privacy.SensitiveRegions;
import vn.wardwatch.util.OpenCv;

/**
 * Masking cost (privacy): on {@link PrivacyScene} (vtest.avi's pedestrians with a drawn plate, 640x480), ms per
 * picture masked by {@link PrivacyMasker} and, on the same pictures, the text detector and the object detector
 * alone; then seconds to mask a 10 fps clip with regions looked for on every frame (the application looks 10 times
 * a second) and on every 2nd frame, and how much of what every frame finds the every-2nd-frame masking covers.
 * Driven by {@code scripts/bench.sh} too; see docs/PERFORMANCE.md.
 */
@Command(name = "bench-privacy", mixinStandardHelpOptions = true,
        description = "Measure masking time per picture by stage and per clip, and every-2nd-frame coverage.")
public final class BenchPrivacyCommand implements Callable<Integer> {

    /** The share of a between-looks frame's own regions that its neighbours' regions must cover on average. */
    static final double TARGET_COVERAGE = 0.95;

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "configuration whose detector section is used (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--pictures", defaultValue = "20",
            description = "pictures measured, one a second of vtest.avi, after one for warm-up (default: "
                    + "${DEFAULT-VALUE})")
    int pictures;

    @Option(names = "--clip-seconds", defaultValue = "10", description = "clip length (default: ${DEFAULT-VALUE})")
    int clipSeconds;

    @Option(names = "--dir", defaultValue = "target/bench/privacy", description = "work directory (emptied first)")
    Path dir;

    @Option(names = "--json", description = "write the result here too")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(PrivacyScene.VTEST)) {
            throw new IllegalStateException(PrivacyScene.VTEST + " is missing: install Debian's opencv-doc"
                    + " (scripts/install-deps.sh)");
        }
        OpenCv.load();
        deleteTree(dir);
        Files.createDirectories(dir);
        DetectorConfig detectorConfig = ConfigLoader.load(config).detector();
        System.out.printf("bench-privacy: %d core(s), detector %s (%d threads), scene %dx%d from %s with a drawn"
                        + " plate%n", Runtime.getRuntime().availableProcessors(), detectorConfig.model(),
                detectorConfig.threads(), PrivacyScene.WIDTH, PrivacyScene.HEIGHT, PrivacyScene.VTEST.getFileName());
        JsonObject result = new JsonObject().put("detector", detectorConfig.model().toString())
                .put("threads", detectorConfig.threads());
        try (Detector detector = DetectorFactory.create(detectorConfig);
                SensitiveRegions regions = new SensitiveRegions(detector)) {
            result.put("picture", pictures(detector, regions));
            result.put("clip", clip(regions));
        }
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, result.encodePrettily());
        }
        return 0;
    }

    /** Per picture: the whole masking job (read, find, blur, write), then each detector alone on the same frame. */
    private JsonObject pictures(Detector detector, RegionFinder regions) throws Exception {
        Path evidence = dir.resolve("pictures");
        Path files = Files.createDirectories(evidence.resolve("cam/day/v"));
        List<Double> total = new ArrayList<>();
        List<Double> text = new ArrayList<>();
        List<Double> objects = new ArrayList<>();
        // regions::find: the masker closes a closeable finder, and the clip part still needs this one.
        try (PrivacyMasker masker = new PrivacyMasker(evidence, regions::find,
                new ClipMasker("ffmpeg", "ffprobe", 5, 1280, Duration.ofMinutes(1)), Duration.ofMinutes(1));
                TextRegions textRegions = new TextRegions(SensitiveRegions.TEXT_SCALE)) {
            // Picture 0 (at 0.5 s) warms both detectors and the JIT up and is not counted.
            for (int i = 0; i <= pictures; i++) {
                Mat scene = PrivacyScene.picture(dir, i == 0 ? 0.5 : i);
                Path file = files.resolve("overview-" + i + ".jpg");
                Imgcodecs.imwrite(file.toString(), scene);
                long t0 = System.nanoTime();
                masker.masked(file, PrivacyMasker.IMAGE);
                long t1 = System.nanoTime();
                textRegions.find(scene);
                long t2 = System.nanoTime();
                detector.detect(scene, SensitiveRegions.PERSON_MIN_SCORE);
                long t3 = System.nanoTime();
                scene.release();
                if (i > 0) {
                    total.add((t1 - t0) / 1e6);
                    text.add((t2 - t1) / 1e6);
                    objects.add((t3 - t2) / 1e6);
                }
            }
        }
        JsonObject out = new JsonObject().put("pictures", pictures)
                .put("totalMs", stats(total)).put("textDetectorMs", stats(text)).put("objectDetectorMs", stats(objects));
        System.out.printf("picture %dx%d (%d, after 1 warm-up), ms median / p95: total %s, text detector %s, object"
                        + " detector %s%n", PrivacyScene.WIDTH, PrivacyScene.HEIGHT, pictures, describe(total),
                describe(text), describe(objects));
        return out;
    }

    /**
     * The clip masked with regions on every frame (recording them), then on every 2nd frame. Coverage: for each frame between two looks, the share of its own regions' area that the neighbours'
     * regions cover, grown as {@link ClipMasker} grows them for such frames.
     */
    private JsonObject clip(RegionFinder regions) throws Exception {
        Path source = PrivacyScene.clip(dir, clipSeconds);
        int fps = 10;
        List<List<BoundingBox>> perFrame = new ArrayList<>();
        RegionFinder recording = frame -> {
            List<BoundingBox> found = regions.find(frame);
            perFrame.add(found);
            return found;
        };
        Duration timeout = Duration.ofMinutes(10);
        long t0 = System.nanoTime();
        new ClipMasker("ffmpeg", "ffprobe", fps, 1280, timeout).mask(source, dir.resolve("every.mp4"), recording);
        double everyFrame = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        new ClipMasker("ffmpeg", "ffprobe", fps / 2.0, 1280, timeout).mask(source, dir.resolve("second.mp4"),
                regions);
        double everySecond = (System.nanoTime() - t0) / 1e9;

        double worst = 1;
        double sum = 0;
        double sumUnGrown = 0;
        int counted = 0;
        for (int i = 1; i + 1 < perFrame.size(); i += 2) {
            List<BoundingBox> around = new ArrayList<>(perFrame.get(i - 1));
            around.addAll(perFrame.get(i + 1));
            double covered = PrivacyScene.coverage(perFrame.get(i), ClipMasker.between(perFrame.get(i - 1), perFrame.get(i + 1)));
            sumUnGrown += PrivacyScene.coverage(perFrame.get(i), around);
            worst = Math.min(worst, covered);
            sum += covered;
            counted++;
        }
        double mean = counted == 0 ? 1 : sum / counted;
        double meanUnGrown = counted == 0 ? 1 : sumUnGrown / counted;
        System.out.printf("clip %d s %dx%d %d fps (%d frames): %.1f s with regions on every frame, %.1f s on every"
                        + " 2nd%n", clipSeconds, PrivacyScene.WIDTH, PrivacyScene.HEIGHT, fps, perFrame.size(),
                everyFrame, everySecond);
        System.out.printf("coverage, every 2nd frame (%d frames between looks): neighbours' grown regions cover %.1f%%"
                        + " of each frame's own on average (%.1f%% without the margin), %.1f%% at worst; average >"
                        + " %.0f%%: %s%n", counted, 100 * mean, 100 * meanUnGrown, 100 * worst,
                100 * TARGET_COVERAGE, mean > TARGET_COVERAGE ? "PASS" : "FAIL");
        return new JsonObject().put("seconds", clipSeconds).put("frames", perFrame.size())
                .put("everyFrameSeconds", everyFrame).put("every2ndFrameSeconds", everySecond)
                .put("coverageMean", mean).put("coverageMeanWithoutMargin", meanUnGrown).put("coverageWorst", worst);
    }

    private static JsonObject stats(List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        return new JsonObject().put("median", Percentiles.of(sorted, 50)).put("p95", Percentiles.of(sorted, 95));
    }

    private static String describe(List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        return String.format("%.0f / %.0f", Percentiles.of(sorted, 50), Percentiles.of(sorted, 95));
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
