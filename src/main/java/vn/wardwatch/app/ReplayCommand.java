package vn.wardwatch.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.ingest.FfmpegFrameSource;
import vn.wardwatch.ingest.Frame;
import vn.wardwatch.ingest.FrameSource;
import vn.wardwatch.pipeline.CameraAnalysis;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.analytics.traffic.TrafficListener;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.warning.Warning;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Runs a video file through the same analysis as a live camera, as fast as the CPU allows (no frame is dropped:
 * reading and analysing alternate on one thread), and writes the counts as JSON and CSV.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Analyse a video file as fast as possible with a camera's settings; write counts.json/.csv.")
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "video file")
    Path video;

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "YAML configuration (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--camera", description = "camera whose detect settings and geometry apply (default: the first)")
    String cameraId;

    @Option(names = "--out", defaultValue = "replay-out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--start", description = "wall-clock instant of the video's first frame (default: the file's "
            + "modification time)")
    Instant start;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(video)) {
            throw new IllegalArgumentException("video file " + video.toAbsolutePath() + " does not exist");
        }
        AppConfig app = ConfigLoader.load(config);
        CameraConfig base = cameraId == null ? app.cameras().values().iterator().next() : app.cameras().get(cameraId);
        if (base == null) {
            throw new IllegalArgumentException("no camera '" + cameraId + "' in " + config + " (cameras: "
                    + String.join(", ", app.cameras().keySet()) + ")");
        }
        String file = video.toAbsolutePath().toString();
        CameraConfig camera = new CameraConfig(base.id(), base.name(), base.timezone(),
                new SourceConfig(file, file, false, base.source().stallTimeoutSeconds()), base.detect(),
                base.geometry(), base.plates());
        camera = new CameraConfig(camera.id(), camera.name(), camera.timezone(), camera.location(), camera.source(),
                camera.detect(), camera.geometry(), camera.plates(), camera.violations(), base.traffic());
        Instant t0 = start != null ? start : Files.getLastModifiedTime(video).toInstant();
        OpenCv.load();
        MinuteCounts counts = new MinuteCounts();
        long frames = 0;
        long began = System.nanoTime();
        long expected = estimateFrames(video, camera.detect().fps());
        Progress progress = new Progress(System.err, expected);
        // Issue 6: the camera's traffic zones, levels and warnings, printed as they happen and kept for the JSON.
        TrafficLog trafficLog = new TrafficLog(t0, out.resolve("warnings"));
        CameraTraffic traffic = CameraTraffic.wanted(camera) ? new CameraTraffic(camera, trafficLog) : null;
        try (Detector detector = DetectorFactory.create(app.detector());
             CameraAnalysis analysis = new CameraAnalysis(camera, detector, app.detector().scoreThreshold(),
                     new SimpleMeterRegistry(), counts, e -> { }, null, null, traffic);
             FrameSource source = new FfmpegFrameSource(camera.id(), camera.source(), camera.detect())) {
            for (Frame next = source.read(); next != null; next = source.read()) {
                try (Frame frame = next) {
                    analysis.analyse(frame.image(), frame.streamMillis(), t0.plusMillis(frame.streamMillis()));
                }
                frames++;
                progress.update(frames, System.nanoTime() - began);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        progress.finish(frames, System.nanoTime() - began);
        writeResults(camera, counts, frames, seconds);
        if (traffic != null) {
            Files.writeString(out.resolve("warnings.json"), new JsonObject().put("warnings", trafficLog.warnings)
                    .put("levels", trafficLog.levels).put("minutes", trafficLog.minutes).encodePrettily() + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** Frames the replay will deliver, from ffprobe's duration; 0 when unknown (the bar then shows no percent). */
    static long estimateFrames(Path video, double fps) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                    "default=noprint_wrappers=1:nokey=1", video.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Math.round(Double.parseDouble(out) * fps);
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void writeResults(CameraConfig camera, MinuteCounts counts, long frames, double seconds)
            throws IOException {
        Files.createDirectories(out);
        List<CountBucket> minutes = counts.drainAll();
        JsonArray totalsJson = new JsonArray();
        counts.totals().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<MinuteCounts.TotalKey, Long> e) -> e.getKey().lineId())
                        .thenComparing(e -> e.getKey().objectClass().wireName())
                        .thenComparing(e -> e.getKey().direction()))
                .forEach(e -> totalsJson.add(new JsonObject().put("line", e.getKey().lineId())
                        .put("class", e.getKey().objectClass().wireName()).put("direction", e.getKey().direction())
                        .put("count", e.getValue())));
        JsonArray minutesJson = new JsonArray();
        List<String> csv = new ArrayList<>();
        csv.add("minute_start_utc,camera,line,class,direction,count");
        for (CountBucket b : minutes) {
            minutesJson.add(new JsonObject().put("minuteStart", b.minuteStart().toString()).put("line", b.lineId())
                    .put("class", b.objectClass().wireName()).put("direction", b.direction())
                    .put("count", b.count()));
            csv.add(b.minuteStart() + "," + b.cameraId() + "," + b.lineId() + "," + b.objectClass().wireName() + ","
                    + b.direction() + "," + b.count());
        }
        JsonObject json = new JsonObject().put("file", video.toString()).put("camera", camera.id())
                .put("frames", frames).put("seconds", Math.round(seconds * 100) / 100.0)
                .put("framesPerSecond", Math.round(frames / Math.max(seconds, 1e-9) * 10) / 10.0)
                .put("totals", totalsJson).put("minutes", minutesJson);
        Files.writeString(out.resolve("counts.json"), json.encodePrettily() + "\n", StandardCharsets.UTF_8);
        Files.write(out.resolve("counts.csv"), csv, StandardCharsets.UTF_8);
        System.out.println(json.encodePrettily());
    }

    /** Prints level changes and warnings on stdout with their stream and wall times; raised ones get a JPEG. */
    static final class TrafficLog implements TrafficListener {
        final JsonArray warnings = new JsonArray();
        final JsonArray levels = new JsonArray();
        final JsonArray minutes = new JsonArray();
        private final Instant t0;
        private final Path snapshotDir;

        TrafficLog(Instant t0, Path snapshotDir) {
            this.t0 = t0;
            this.snapshotDir = snapshotDir;
        }

        private String streamTime(Instant at) {
            long ms = at.toEpochMilli() - t0.toEpochMilli();
            return String.format("%d:%05.2f", ms / 60000, (ms % 60000) / 1000.0);
        }

        @Override
        public void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics,
                          Instant frameAt) {
            System.out.println("level   " + streamTime(frameAt) + " " + cameraId + "/" + zoneId + " -> "
                    + level.wireName() + " " + new JsonObject(metrics.toMap()).encode());
            levels.add(new JsonObject().put("stream", streamTime(frameAt)).put("camera", cameraId)
                    .put("zone", zoneId).put("level", level.wireName()).put("frameAt", frameAt.toString())
                    .put("metrics", new JsonObject(metrics.toMap())));
        }

        @Override
        public void minute(String cameraId, String zoneId, MinuteTraffic.Summary summary) {
            minutes.add(new JsonObject(summary.toMap()).put("camera", cameraId).put("zone", zoneId));
        }

        @Override
        public void warning(Warning w, Mat frame) {
            String snapshot = null;
            if (w.state().equals(Warning.RAISED) && frame != null && !frame.empty()) {
                try {
                    Files.createDirectories(snapshotDir);
                    Path file = snapshotDir.resolve(w.id() + ".jpg");
                    if (Imgcodecs.imwrite(file.toString(), frame)) {
                        snapshot = file.toString();
                    }
                } catch (IOException e) {
                    System.err.println("replay: snapshot of warning " + w.id() + " not written: " + e.getMessage());
                }
            }
            System.out.println("warning " + streamTime(w.frameAt()) + " " + w.cameraId() + "/" + w.zoneId() + " "
                    + w.kind() + " " + w.state() + (w.level() == null ? "" : " level=" + w.level()) + " "
                    + new JsonObject(w.metrics()).encode());
            warnings.add(EventBusPublisher.warningJson(w, w.frameAt()).put("stream", streamTime(w.frameAt()))
                    .put("snapshotFile", snapshot));
        }
    }

    /** A progress bar on stderr: redrawn in place on a terminal, every 10% otherwise (logs, CI). */
    static final class Progress {
        private final PrintStream err;
        private final long expected;
        private final boolean terminal = System.console() != null;
        private int lastDecile = -1;
        private long lastDraw;

        Progress(PrintStream err, long expected) {
            this.err = err;
            this.expected = expected;
        }

        void update(long frames, long elapsedNanos) {
            int percent = expected > 0 ? (int) Math.min(100, frames * 100 / expected) : 0;
            if (terminal) {
                if (elapsedNanos - lastDraw > 200_000_000L) {
                    lastDraw = elapsedNanos;
                    err.print("\r" + line(frames, percent, elapsedNanos));
                }
            } else if (percent / 10 != lastDecile) {
                lastDecile = percent / 10;
                err.println(line(frames, percent, elapsedNanos));
            }
        }

        void finish(long frames, long elapsedNanos) {
            err.print((terminal ? "\r" : "") + line(frames, 100, elapsedNanos) + "\n");
        }

        private String line(long frames, int percent, long elapsedNanos) {
            int filled = percent / 5;
            double fps = frames / Math.max(elapsedNanos / 1e9, 1e-9);
            return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + percent + "% " + frames
                    + (expected > 0 ? "/" + expected : "") + " frames, " + String.format("%.1f", fps) + " fps";
        }
    }
}
