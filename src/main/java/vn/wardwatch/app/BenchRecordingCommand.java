package vn.wardwatch.app;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.ingest.Backoff;
import vn.wardwatch.recording.SegmentRecorder;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;

/**
 * Recording cost (issue 7): N cameras recorded by the real {@link SegmentRecorder} (ffmpeg {@code -c copy} into
 * segments, SHA-256, ffprobe per segment, H2 index) and nothing else. CPU counted: the recorders' ffmpeg children
 * (from /proc), children already reaped (the one ffprobe per run: /proc/self/stat cutime + cstime) and the whole JVM (which also
 * holds an idle JVM's own noise, so the figure is an upper bound).
 */
@Command(name = "bench-recording", mixinStandardHelpOptions = true,
        description = "Measure CPU and disk write rate of recording only, per camera.")
public final class BenchRecordingCommand implements Callable<Integer> {

    private static final long NANOS_PER_TICK = 10_000_000L;

    @Option(names = "--url", required = true, description = "camera URL; repeat for several cameras")
    List<String> urls;

    @Option(names = "--seconds", defaultValue = "60", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "15", description = "seconds before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--segment-seconds", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
    int segmentSeconds;

    @Option(names = "--dir", defaultValue = "target/bench/recording", description = "data directory (emptied first)")
    Path dir;

    @Option(names = "--json", description = "write the result here too")
    Path json;

    @Override
    public Integer call() throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        RecordingConfig config = new RecordingConfig(RecordingConfig.Mode.ALWAYS, segmentSeconds,
                RecordingConfig.Format.TS, 1, 1000, 0, 0);
        List<SegmentRecorder> recorders = new ArrayList<>();
        Database database = Database.open(dir.resolve("db/wardwatch"));
        try {
            JdbcRecordingRepository repository = new JdbcRecordingRepository(database);
            for (int i = 0; i < urls.size(); i++) {
                SourceConfig source = new SourceConfig(urls.get(i), urls.get(i), false, 10);
                SegmentRecorder r = new SegmentRecorder("cam" + (i + 1), source, config, dir.resolve("recordings"),
                        repository, "ffmpeg", "ffprobe", Backoff.defaults(), Clock.systemUTC());
                recorders.add(r);
                r.start();
            }
            Thread.sleep(warmup * 1000L);
            long bytes0 = recorders.stream().mapToLong(SegmentRecorder::bytesWritten).sum();
            long segs0 = recorders.stream().mapToLong(SegmentRecorder::segmentsWritten).sum();
            long[] ff0 = ffmpegCpu(recorders);
            long reaped0 = reapedChildrenNanos();
            long jvm0 = jvmCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            long jvm = jvmCpuNanos() - jvm0;
            long reaped = reapedChildrenNanos() - reaped0;
            long[] ff1 = ffmpegCpu(recorders);
            long ffmpeg = 0;
            for (int i = 0; i < ff0.length; i++) {
                if (ff0[i] >= 0 && ff1[i] >= 0) {
                    ffmpeg += ff1[i] - ff0[i];
                }
            }
            long bytes = recorders.stream().mapToLong(SegmentRecorder::bytesWritten).sum() - bytes0;
            long segs = recorders.stream().mapToLong(SegmentRecorder::segmentsWritten).sum() - segs0;
            int n = urls.size();
            double perCore = elapsed * (double) n;
            JsonObject result = new JsonObject().put("cameras", n).put("seconds", elapsed / 1e9)
                    .put("segmentSeconds", segmentSeconds).put("segmentsIndexed", segs)
                    .put("ffmpegPctOfCorePerCamera", 100.0 * ffmpeg / perCore)
                    .put("reapedChildrenPctOfCorePerCamera", 100.0 * reaped / perCore)
                    .put("jvmPctOfCorePerCamera", 100.0 * jvm / perCore)
                    .put("totalPctOfCorePerCamera", 100.0 * (ffmpeg + reaped + jvm) / perCore)
                    .put("diskWriteMBPerSecondPerCamera", bytes / (elapsed / 1e9) / n / 1e6);
            System.out.println(result.encodePrettily());
            if (json != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
                Files.writeString(json, result.encodePrettily());
            }
        } finally {
            // Before the database closes: each recorder indexes its last segment on the way out.
            recorders.forEach(SegmentRecorder::stop);
            database.close();
        }
        return 0;
    }

    /** utime + stime of each recorder's running ffmpeg, -1 where there is none. */
    private static long[] ffmpegCpu(List<SegmentRecorder> recorders) {
        long[] out = new long[recorders.size()];
        for (int i = 0; i < out.length; i++) {
            Process p = recorders.get(i).process();
            out[i] = p == null ? -1 : BenchCommand.cpuNanos(p.pid());
        }
        return out;
    }

    /** cutime + cstime of this process: CPU of its children that have exited (ffprobe runs). */
    private static long reapedChildrenNanos() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * NANOS_PER_TICK;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
