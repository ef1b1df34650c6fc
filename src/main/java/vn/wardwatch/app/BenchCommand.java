package vn.wardwatch.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.EvidenceConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.StorageConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.metrics.Meters;

/**
 * Benchmark: runs the whole live system in this JVM on 1, 2, 4... RTSP cameras and measures, per step, CPU time
 * per analysed frame by stage, analysed frames per second, drops (backlog), frame-to-count latency, heap and RSS.
 * Driven by {@code scripts/bench.sh}, which starts the RTSP server; see docs/PERFORMANCE.md.
 *
 * <p>Where the figures come from: stage times from the pipeline's own {@code wardwatch.stage.time} timers (wall
 * time of each stage on the camera's analysis thread); decoding from the CPU time of the ffmpeg children in
 * /proc; the JVM's CPU from the OperatingSystemMXBean. The pipeline's own work is JVM CPU minus inference, where
 * inference is (a) the CPU of the JVM's threads that have no Java name (Linux shows them as {@code java}: ONNX
 * Runtime's intra-op pool, spin-waiting included; the JVM's main thread, asleep here, is one too) plus (b) the
 * part of the analysis threads' CPU not spent in the motion, track and count stages (the detect stage on the
 * calling thread: resize/normalise, inference, box decoding). Stage times are wall times, which can only make
 * (b) smaller, so the pipeline's own work is if anything over-stated.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure CPU per frame by stage, cameras per machine, latency, heap and RSS on RTSP cameras.")
public final class BenchCommand implements Callable<Integer> {

    static final String[] STAGES = {"motion", "detect", "track", "count"};
    static final double TARGET_OWN_SHARE = 0.10;
    static final int TARGET_CAMERAS = 4;
    static final double TARGET_P95_MS = 1000;
    static final double TARGET_HEAP_MB = 512;
    /** Linux reports process CPU in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    @Option(names = "--rtsp-base", required = true,
            description = "RTSP server prefix; streams cam1..camN are read from it (e.g. rtsp://127.0.0.1:8554/)")
    String rtspBase;

    @Option(names = "--cameras", split = ",", defaultValue = "1,2,4,6",
            description = "camera counts to try in turn; stops after the first with a backlog (default: "
                    + "${DEFAULT-VALUE})")
    List<Integer> cameraCounts;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds per step (default: "
            + "${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "8", description = "seconds before measuring (default: "
            + "${DEFAULT-VALUE})")
    int warmup;

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "detector settings and the first camera's detect settings and geometry (default: "
                    + "${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--width", defaultValue = "640", description = "analysis width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "360", description = "analysis height (default: ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--fps", defaultValue = "5", description = "analysis fps per camera (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--json", description = "also write the results to this JSON file")
    Path json;

    @Option(names = "--evidence-every", defaultValue = "0", paramLabel = "SECONDS",
            description = "also write one red-light evidence package (10 s 720p clip from --evidence-clip) every"
                    + " SECONDS while measuring, with violation detection (frame rings) on every camera; 0: off")
    double evidenceEvery;

    @Option(names = "--record", description = "also record every camera (mode always, 10 s MPEG-TS segments): the"
            + " recorder's ffmpeg is counted with the other ffmpeg children")
    boolean record;

    @Option(names = "--evidence-clip", paramLabel = "FILE", defaultValue = "target/bench/street-720p25.h264",
            description = "video the evidence clips are cut from (default: ${DEFAULT-VALUE})")
    Path evidenceClip;

    /** Evidence latencies of the last step, ms; empty without --evidence-every. */
    private List<Double> evidenceLatencies = List.of();
    private List<String> evidenceFailures = List.of();

    @Override
    public Integer call() throws Exception {
        AppConfig base = ConfigLoader.load(config);
        CameraConfig sample = base.cameras().values().iterator().next();
        String prefix = rtspBase.endsWith("/") ? rtspBase : rtspBase + "/";
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("bench: %s, %d core(s), analysis %dx%d at %s fps per camera, %d s warm-up, %d s "
                        + "measured per step, detector %s (%d threads)%n", prefix, cores, width, height, fps, warmup,
                seconds, base.detector().model(), base.detector().threads());

        List<StepResult> results = new ArrayList<>();
        for (int n : cameraCounts) {
            StepResult r = runStep(base, sample, prefix, n, cores);
            results.add(r);
            System.out.println(r.describe());
            if (evidenceEvery > 0) {
                System.out.println(evidenceSummary(evidenceLatencies, evidenceFailures));
            }
            if (r.backlog()) {
                System.out.println("bench: backlog at " + n + " camera(s); not trying more");
                break;
            }
        }
        System.out.println();
        System.out.println(table(results));
        String verdict = verdict(results);
        System.out.println(verdict);
        if (json != null) {
            writeJson(results, base, cores);
        }
        return 0;
    }

    /** One step: the system on {@code n} cameras, warmed up, then measured over the window. */
    private StepResult runStep(AppConfig base, CameraConfig sample, String prefix, int n, int cores)
            throws Exception {
        Map<String, CameraConfig> cameras = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            String id = "cam" + i;
            CameraConfig camera = benchCamera(sample, id, prefix + id);
            if (evidenceEvery > 0) {
                // Frame ring and rules on, as a camera with violation detection runs; the load brings the violations.
                camera = new CameraConfig(camera.id(), camera.name(), camera.timezone(), camera.location(),
                        camera.source(), camera.detect(), camera.geometry(), camera.plates(),
                        ViolationConfig.enabledWithDefaults());
            }
            if (record) {
                camera = new CameraConfig(camera.id(), camera.name(), camera.timezone(), camera.location(),
                        camera.source(), camera.detect(), camera.geometry(), camera.plates(), camera.violations(),
                        camera.traffic(), new RecordingConfig(RecordingConfig.Mode.ALWAYS,
                        RecordingConfig.DEFAULT_SEGMENT_SECONDS, RecordingConfig.Format.TS, 1, 5,
                        RecordingConfig.DEFAULT_EVENT_SECONDS, RecordingConfig.DEFAULT_EVENT_SECONDS));
            }
            cameras.put(id, camera);
        }
        Path dataDir = Files.createTempDirectory("wardwatch-bench-");
        AppConfig app = new AppConfig(new ApiConfig("127.0.0.1", 0), new StorageConfig(dataDir), base.detector(),
                benchEvidence(base.evidence(), dataDir),
                cameras);
        System.out.printf("bench: step %d camera(s): starting, %d s warm-up%n", n, warmup);
        EvidenceLoad load = evidenceEvery > 0 ? EvidenceLoad.prepare(evidenceClip) : null;
        try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
            MeterRegistry registry = running.metrics();
            Thread.sleep(warmup * 1000L);
            if (load != null) {
                load.start(running.recorder(), evidenceEvery);
            }
            Sample start = Sample.take(registry);
            // Queue depth once a second, to see whether it grows over the window.
            List<Double> depths = new ArrayList<>();
            long end = start.nanos + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                depths.add(sum(registry.find(Meters.QUEUE_DEPTH).gauges().stream().map(Gauge::value)));
            }
            Sample stop = Sample.take(registry);
            if (load != null) {
                evidenceLatencies = load.stop();
                evidenceFailures = load.failures();
            }
            double p95 = latencyP95Millis(registry);
            // Memory after a full collection: what the cameras keep, not garbage waiting to be collected.
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = rssKiloBytes(Path.of("/proc/self/status")) * 1024;
            long ffmpegRss = 0;
            for (ProcessHandle child : ffmpegChildren()) {
                ffmpegRss += rssKiloBytes(Path.of("/proc", Long.toString(child.pid()), "status")) * 1024;
            }
            return StepResult.of(n, fps, cores, start, stop, depths, p95, heap, rss, ffmpegRss);
        } finally {
            // WardWatch.close() above has stopped the ffmpeg children; only the temporary database is left.
            deleteTree(dataDir);
        }
    }

    /** Evidence latency percentiles against the 2 s target. */
    static String evidenceSummary(List<Double> latencies, List<String> failures) {
        if (latencies.isEmpty()) {
            return "bench: evidence: no package written" + (failures.isEmpty() ? "" : "; failures: " + failures);
        }
        List<Double> sorted = latencies.stream().sorted().toList();
        double p50 = Percentiles.of(sorted, 50);
        double p95 = Percentiles.of(sorted, 95);
        return String.format("bench: evidence: %d packages (10 s 720p clip, 3 pictures, plate read, signed, row"
                        + " committed): latency p50 %.0f ms, p95 %.0f ms, max %.0f ms; target p95 < 2000 ms: %s%s",
                sorted.size(), p50, p95, sorted.get(sorted.size() - 1), p95 < 2000 ? "PASS" : "FAIL",
                failures.isEmpty() ? "" : "; " + failures.size() + " failed: " + failures.get(0));
    }

    /** Evidence of a bench run stays in its temporary data directory, signed by a throw-away key. */
    private static EvidenceConfig benchEvidence(EvidenceConfig base, Path dataDir) {
        return new EvidenceConfig(dataDir.resolve("evidence"), dataDir.resolve("keys/evidence-signing.key"),
                dataDir.resolve("keys/evidence-signing.pub"), base.ffmpeg());
    }

    /** The sample camera's detect settings and geometry, read from {@code url}, at the bench's size and rate. */
    CameraConfig benchCamera(CameraConfig sample, String id, String url) {
        DetectConfig d = sample.detect();
        double sx = (double) width / d.width();
        double sy = (double) height / d.height();
        List<Polygon> masks = d.masks().stream().map(p -> scale(p, sx, sy)).toList();
        DetectConfig detect = new DetectConfig(width, height, fps, d.thresholds(), masks, d.motionGate(),
                d.queueSize());
        List<LineConfig> lines = sample.geometry().lines().stream()
                .map(l -> new LineConfig(l.id(), new LineSegment(scale(l.segment().a(), sx, sy),
                        scale(l.segment().b(), sx, sy)), l.directions(), l.classes()))
                .toList();
        List<ZoneConfig> zones = sample.geometry().zones().stream()
                .map(z -> new ZoneConfig(z.id(), scale(z.polygon(), sx, sy), z.classes()))
                .toList();
        SourceConfig source = new SourceConfig(url, url, false, sample.source().stallTimeoutSeconds());
        // The bench measures the counting pipeline; plate reading stays off.
        return new CameraConfig(id, id, sample.timezone(), source, detect, new GeometryConfig(lines, zones),
                PlateConfig.DISABLED);
    }

    private static Point scale(Point p, double sx, double sy) {
        return new Point(p.x() * sx, p.y() * sy);
    }

    private static Polygon scale(Polygon polygon, double sx, double sy) {
        return new Polygon(polygon.points().stream().map(p -> scale(p, sx, sy)).toList());
    }

    /**
     * The worst camera's p95 from the latency timers' published percentiles. Micrometer keeps them over a decaying
     * window of up to a minute, so with a short warm-up they still include the first frames after start-up (slow:
     * JIT, first inferences), which makes this p95 pessimistic. The mean is exact over the measured window.
     */
    private static double latencyP95Millis(MeterRegistry registry) {
        double worst = 0;
        for (Timer t : registry.find(Meters.FRAME_LATENCY).timers()) {
            for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
                if (Math.abs(v.percentile() - 0.95) < 1e-9) {
                    worst = Math.max(worst, v.value(TimeUnit.MILLISECONDS));
                }
            }
        }
        return worst;
    }

    /** Counters and CPU times at one moment; a step's figures are the differences between two samples. */
    record Sample(long nanos, long jvmCpuNanos, long unnamedThreadNanos, long analysisThreadNanos,
                  Map<Long, Long> ffmpegCpuNanos, Map<String, Double> stageNanos,
                  Map<String, Double> stageCounts, double framesIn, double dropped, double analysed,
                  double latencyNanos, double latencyCount) {

        static Sample take(MeterRegistry registry) {
            Map<String, Double> stageNanos = new HashMap<>();
            Map<String, Double> stageCounts = new HashMap<>();
            for (String stage : STAGES) {
                List<Timer> timers = List.copyOf(registry.find(Meters.STAGE_TIME).tag(Meters.TAG_STAGE, stage)
                        .timers());
                stageNanos.put(stage, sum(timers.stream().map(t -> t.totalTime(TimeUnit.NANOSECONDS))));
                stageCounts.put(stage, sum(timers.stream().map(t -> (double) t.count())));
            }
            List<Timer> latency = List.copyOf(registry.find(Meters.FRAME_LATENCY).timers());
            Map<Long, Long> ffmpeg = new HashMap<>();
            for (ProcessHandle child : ffmpegChildren()) {
                long cpu = cpuNanos(child.pid());
                if (cpu >= 0) {
                    ffmpeg.put(child.pid(), cpu);
                }
            }
            return new Sample(System.nanoTime(), processCpuNanos(), unnamedThreadCpuNanos(), analysisThreadCpuNanos(),
                    ffmpeg, stageNanos, stageCounts,
                    sum(registry.find(Meters.FRAMES_IN).functionCounters().stream().map(FunctionCounter::count)),
                    sum(registry.find(Meters.FRAMES_DROPPED).functionCounters().stream()
                            .map(FunctionCounter::count)),
                    sum(registry.find(Meters.FRAMES_ANALYSED).counters().stream().map(Counter::count)),
                    sum(latency.stream().map(t -> t.totalTime(TimeUnit.NANOSECONDS))),
                    sum(latency.stream().map(t -> (double) t.count())));
        }
    }

    /** The figures of one step. Times per frame are milliseconds per analysed frame. */
    record StepResult(int cameras, double seconds, double framesIn, double dropped, double analysed,
                      double analysedFps, double targetFps, Map<String, Double> stageMsPerFrame,
                      double detectedShare, double decodeMsPerFrameIn, double jvmCpuShare, double ffmpegCpuShare,
                      double inferenceCpuShare, double ownShare, double cpuMsPerFrame, double depthFirstHalf, double depthSecondHalf,
                      double latencyMeanMs, double latencyP95Ms, long heapBytes, long rssBytes,
                      long ffmpegRssBytes, boolean backlog) {

        static StepResult of(int n, double fps, int cores, Sample a, Sample b, List<Double> depths, double p95,
                             long heap, long rss, long ffmpegRss) {
            double seconds = (b.nanos - a.nanos) / 1e9;
            double framesIn = b.framesIn - a.framesIn;
            double dropped = b.dropped - a.dropped;
            double analysed = b.analysed - a.analysed;
            Map<String, Double> stageMs = new LinkedHashMap<>();
            for (String stage : STAGES) {
                stageMs.put(stage, (b.stageNanos.get(stage) - a.stageNanos.get(stage)) / 1e6 / Math.max(1, analysed));
            }
            double detectCalls = b.stageCounts.get("detect") - a.stageCounts.get("detect");
            // ffmpeg: CPU of the children alive at both samples (one restarted in between is left out).
            long ffmpegNanos = 0;
            for (Map.Entry<Long, Long> e : b.ffmpegCpuNanos.entrySet()) {
                Long before = a.ffmpegCpuNanos.get(e.getKey());
                if (before != null) {
                    ffmpegNanos += e.getValue() - before;
                }
            }
            double jvmNanos = b.jvmCpuNanos - a.jvmCpuNanos;
            double total = jvmNanos + ffmpegNanos;
            // Inference: ONNX Runtime's own threads, plus the analysis threads' CPU outside motion/track/count.
            double otherStages = 0;
            for (String stage : new String[] {"motion", "track", "count"}) {
                otherStages += b.stageNanos.get(stage) - a.stageNanos.get(stage);
            }
            double inference = (b.unnamedThreadNanos - a.unnamedThreadNanos)
                    + Math.max(0, (b.analysisThreadNanos - a.analysisThreadNanos) - otherStages);
            double own = Math.max(0, jvmNanos - inference);
            double machine = seconds * 1e9 * cores;
            int half = depths.size() / 2;
            double depthFirst = mean(depths.subList(0, half));
            double depthSecond = mean(depths.subList(half, depths.size()));
            double analysedFps = analysed / seconds;
            double targetFps = fps * n;
            boolean backlog = dropped > 0.01 * framesIn || depthSecond > depthFirst + 1
                    || analysedFps < 0.95 * targetFps;
            double latencyCount = b.latencyCount - a.latencyCount;
            double latencyMean = latencyCount > 0 ? (b.latencyNanos - a.latencyNanos) / latencyCount / 1e6 : 0;
            return new StepResult(n, seconds, framesIn, dropped, analysed, analysedFps, targetFps, stageMs,
                    analysed > 0 ? detectCalls / analysed : 0, framesIn > 0 ? ffmpegNanos / 1e6 / framesIn : 0,
                    jvmNanos / machine, ffmpegNanos / machine, inference / machine, total > 0 ? own / total : 0,
                    analysed > 0 ? total / 1e6 / analysed : 0, depthFirst, depthSecond, latencyMean, p95, heap, rss,
                    ffmpegRss, backlog);
        }

        String describe() {
            return String.format("bench: step %d camera(s): %.1f/%.1f fps analysed, %.0f in, %.0f dropped, "
                            + "decode %.1f ms/frame, stages %s ms/frame (detector on %.0f%% of frames), JVM %.0f%% + "
                            + "ffmpeg %.0f%% of the machine (inference %.0f%%), own work %.1f%% of CPU, latency mean %.0f ms p95 %.0f ms, "
                            + "heap %.0f MB, RSS %.0f MB (+ ffmpeg %.0f MB)%s",
                    cameras, analysedFps, targetFps, framesIn, dropped, decodeMsPerFrameIn,
                    stageMsPerFrame.entrySet().stream().map(e -> e.getKey() + String.format(" %.2f", e.getValue()))
                            .toList(), detectedShare * 100, jvmCpuShare * 100, ffmpegCpuShare * 100, inferenceCpuShare * 100,
                    ownShare * 100, latencyMeanMs, latencyP95Ms, mb(heapBytes), mb(rssBytes), mb(ffmpegRssBytes),
                    backlog ? ", BACKLOG" : ", no backlog");
        }

        JsonObject toJson() {
            JsonObject stages = new JsonObject();
            stageMsPerFrame.forEach(stages::put);
            return new JsonObject().put("cameras", cameras).put("seconds", seconds).put("framesIn", framesIn)
                    .put("dropped", dropped).put("analysed", analysed).put("analysedFps", analysedFps)
                    .put("targetFps", targetFps).put("stageMsPerAnalysedFrame", stages)
                    .put("detectorShareOfFrames", detectedShare).put("decodeMsPerFrameIn", decodeMsPerFrameIn)
                    .put("jvmCpuShareOfMachine", jvmCpuShare).put("ffmpegCpuShareOfMachine", ffmpegCpuShare)
                    .put("inferenceCpuShareOfMachine", inferenceCpuShare)
                    .put("ownWorkShareOfCpu", ownShare).put("cpuMsPerAnalysedFrame", cpuMsPerFrame)
                    .put("queueDepthFirstHalf", depthFirstHalf).put("queueDepthSecondHalf", depthSecondHalf)
                    .put("latencyMeanMs", latencyMeanMs).put("latencyP95Ms", latencyP95Ms)
                    .put("heapBytes", heapBytes).put("rssBytes", rssBytes).put("ffmpegRssBytes", ffmpegRssBytes)
                    .put("backlog", backlog);
        }
    }

    static String table(List<StepResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| cameras | analysed fps | dropped | decode ms | motion ms | detect ms | track ms | count ms "
                + "| JVM CPU | ffmpeg CPU | inference CPU | own work | latency mean / p95 | heap (per cam) | RSS JVM (per cam) "
                + "| RSS ffmpeg | backlog |\n");
        sb.append("|---".repeat(17)).append("|\n");
        for (StepResult r : results) {
            sb.append(String.format("| %d | %.1f / %.0f | %.1f%% | %.1f | %.2f | %.1f | %.2f | %.2f | %.0f%% | %.0f%% | %.0f%% "
                            + "| %.1f%% | %.0f / %.0f ms | %.0f MB (%.0f) | %.0f MB (%.0f) | %.0f MB | %s |%n",
                    r.cameras, r.analysedFps, r.targetFps, r.framesIn > 0 ? r.dropped / r.framesIn * 100 : 0,
                    r.decodeMsPerFrameIn, r.stageMsPerFrame.get("motion"), r.stageMsPerFrame.get("detect"),
                    r.stageMsPerFrame.get("track"), r.stageMsPerFrame.get("count"), r.jvmCpuShare * 100,
                    r.ffmpegCpuShare * 100, r.inferenceCpuShare * 100, r.ownShare * 100, r.latencyMeanMs, r.latencyP95Ms, mb(r.heapBytes),
                    mb(r.heapBytes) / r.cameras, mb(r.rssBytes), mb(r.rssBytes) / r.cameras, mb(r.ffmpegRssBytes),
                    r.backlog ? "yes" : "no"));
        }
        return sb.toString();
    }

    static String verdict(List<StepResult> results) {
        StringBuilder sb = new StringBuilder("verdict:\n");
        double worstOwn = results.stream().mapToDouble(StepResult::ownShare).max().orElse(0);
        sb.append(String.format("  pipeline's own work < %.0f%% of CPU: %s (worst step %.1f%%)%n",
                TARGET_OWN_SHARE * 100, worstOwn < TARGET_OWN_SHARE ? "PASS" : "FAIL", worstOwn * 100));
        int most = results.stream().filter(r -> !r.backlog() && r.latencyP95Ms() < TARGET_P95_MS)
                .mapToInt(StepResult::cameras).max().orElse(0);
        sb.append(String.format("  >= %d cameras (720p25 in, 5 fps analysed) with no backlog and p95 < %.0f ms: %s "
                        + "(most that passed: %d)%n", TARGET_CAMERAS, TARGET_P95_MS,
                most >= TARGET_CAMERAS ? "PASS" : "FAIL", most));
        StepResult four = results.stream().filter(r -> r.cameras() == TARGET_CAMERAS).findFirst().orElse(null);
        if (four == null) {
            sb.append(String.format("  heap < %.0f MB for %d cameras: NOT MEASURED (no %d-camera step)%n",
                    TARGET_HEAP_MB, TARGET_CAMERAS, TARGET_CAMERAS));
        } else {
            sb.append(String.format("  heap < %.0f MB for %d cameras: %s (%.0f MB after GC)%n", TARGET_HEAP_MB,
                    TARGET_CAMERAS, mb(four.heapBytes()) < TARGET_HEAP_MB ? "PASS" : "FAIL", mb(four.heapBytes())));
        }
        return sb.toString();
    }

    private void writeJson(List<StepResult> results, AppConfig base, int cores) throws IOException {
        JsonArray steps = new JsonArray();
        results.forEach(r -> steps.add(r.toJson()));
        JsonObject out = new JsonObject().put("rtspBase", rtspBase).put("cores", cores).put("width", width)
                .put("height", height).put("fps", fps).put("warmupSeconds", warmup).put("seconds", seconds)
                .put("model", base.detector().model().toString()).put("detectorThreads", base.detector().threads())
                .put("steps", steps).put("verdict", verdict(results));
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, out.encodePrettily() + "\n", StandardCharsets.UTF_8);
    }

    /** The JVM's ffmpeg children (one per camera). */
    static List<ProcessHandle> ffmpegChildren() {
        return ProcessHandle.current().children()
                .filter(p -> readQuietly(Path.of("/proc", Long.toString(p.pid()), "comm")).trim().equals("ffmpeg"))
                .toList();
    }

    /** utime + stime of a process from /proc/PID/stat, in nanoseconds; -1 when it is gone. */
    static long cpuNanos(long pid) {
        return cpuNanos(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime from a /proc stat file (a process's or a thread's), in nanoseconds; -1 when it is gone. */
    static long cpuNanos(Path statFile) {
        String stat = readQuietly(statFile);
        int close = stat.lastIndexOf(')'); // the command name in parentheses may contain spaces
        if (close < 0) {
            return -1;
        }
        // After "pid (comm) " come: state(3) ppid(4) ... utime(14) stime(15).
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }

    /** VmRSS from a /proc status file, in KiB; 0 when unknown. */
    static long rssKiloBytes(Path status) {
        for (String line : readQuietly(status).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU of this process's threads without a Java name (comm {@code java}): ONNX Runtime's pool, the main thread. */
    static long unnamedThreadCpuNanos() {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                if (readQuietly(task.resolve("comm")).trim().equals("java")) {
                    total += Math.max(0, cpuNanos(Path.of(task.toString(), "stat")));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** CPU of the cameras' analysis threads ({@code analyse-ID}), which call the detector. */
    static long analysisThreadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("analyse-")) {
                total += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double sum(Stream<Double> values) {
        return values.mapToDouble(Double::doubleValue).sum();
    }

    private static double mean(List<Double> values) {
        return values.isEmpty() ? 0 : sum(values.stream()) / values.size();
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
