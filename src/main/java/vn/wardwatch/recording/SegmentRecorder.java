package vn.wardwatch.recording;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.ingest.Backoff;
import vn.wardwatch.ingest.FfmpegProcess;
import vn.wardwatch.ingest.Redactor;
import vn.wardwatch.ingest.StderrRing;
import vn.wardwatch.util.NoReplaceMove;

/**
 * Records one camera: runs the {@link SegmentCommand} ffmpeg, and for each segment it reports finished moves the
 * file to {@code <recordings>/<camera>/<UTC date>/HHmmss-NNNNNN.ext}, hashes it and indexes it. Restarts ffmpeg with
 * backoff when it dies; the time between the last segment and the next one is stored as a gap.
 *
 * <p>Absolute times: see {@link SegmentTimeline} (stream seconds anchored to the wall clock, jumps detected and
 * flagged). A delivered frame rate far from the declared one is logged and stored on each row.
 */
public final class SegmentRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecorder.class);
    /** A delivered frame rate this far (relative) from the declared one is reported. */
    static final double FPS_TOLERANCE = 0.15;
    /**
     * Less than this between two segments is jitter of the anchor, not a gap (line arrival jitter is a few ms; a
     * reconnect takes 0.3 s or more, measured against the test server).
     */
    static final Duration MIN_GAP = Duration.ofMillis(200);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final String cameraId;
    private final SourceConfig source;
    private final RecordingConfig config;
    private final Path root;
    /** Where this recorder's ffmpeg writes: {@code <camera>/incoming/}, in a cluster {@code incoming/<writer>/}. */
    private final Path incoming;
    /** Where the start-up set-aside puts what a killed process left in {@link #incoming}. */
    private final Path orphans;
    private final RecordingRepository repository;
    private final String ffmpeg;
    private final SegmentProbe probe;
    private final Backoff backoff;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Process process;
    private volatile long segmentsWritten;
    private volatile long bytesWritten;
    private volatile long runsEnded;
    private boolean fpsMismatchReported;
    /** The stream's declared frame rate, probed on a run's first segment. */
    private Double declaredFps;
    /** Why the previous run ended; names the next gap. */
    private String lastEndReason = "recorder started";
    /** Guards {@link #lastIndexedEnd}; notified whenever a segment is indexed or the recorder stops. */
    private final Object indexed = new Object();
    private Instant lastIndexedEnd;
    /** Guards {@link #pausedFor}; notified on resume and stop. */
    private final Object pauseLock = new Object();
    /** Why recording is paused (issue 8: disk low); null while recording. */
    private volatile String pausedFor;

    public SegmentRecorder(String cameraId, SourceConfig source, RecordingConfig config, Path recordingsRoot,
                           RecordingRepository repository, String ffmpeg, String ffprobe, Backoff backoff,
                           Clock clock) {
        this(cameraId, source, config, recordingsRoot, null, repository, ffmpeg, ffprobe, backoff, clock);
    }

    /**
     * @param writer null in one process; in a cluster this worker run's id: its ffmpeg writes into
     *               {@code <camera>/incoming/<writer>/} and its start-up set-aside touches only that directory, so
     *               on a shared recordings directory it never moves files another worker's ffmpeg is writing
     */
    public SegmentRecorder(String cameraId, SourceConfig source, RecordingConfig config, Path recordingsRoot,
                           String writer, RecordingRepository repository, String ffmpeg, String ffprobe,
                           Backoff backoff, Clock clock) {
        Path incomingRoot = recordingsRoot.resolve(cameraId).resolve("incoming");
        Path orphansRoot = recordingsRoot.resolve(cameraId).resolve("orphans");
        this.incoming = writer == null ? incomingRoot : incomingRoot.resolve(writer);
        this.orphans = writer == null ? orphansRoot : orphansRoot.resolve(writer);
        this.cameraId = cameraId;
        this.source = source;
        this.config = config;
        this.root = recordingsRoot;
        this.repository = repository;
        this.ffmpeg = ffmpeg;
        this.probe = new SegmentProbe(ffprobe);
        this.backoff = backoff;
        this.clock = clock;
        this.thread = new Thread(this::run, "recorder-" + cameraId);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Waits until the recording reaches {@code to}: a segment ending at or after it is indexed. Segments are indexed
     * when they end, so this takes up to one segment length after {@code to}.
     *
     * @return false when the time runs out or the recorder stops first
     */
    public boolean awaitRecorded(Instant to, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (indexed) {
            if (lastIndexedEnd == null) {
                // Segments of an earlier run count too: the index is the truth.
                lastIndexedEnd = repository.lastSegmentEnd(cameraId);
            }
            while (lastIndexedEnd == null || lastIndexedEnd.isBefore(to)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopping) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(indexed, left);
            }
            return true;
        }
    }

    /**
     * Pauses recording (the disk guard's hook): ffmpeg is stopped like on {@link #stop()} (its last segment is
     * indexed) and not restarted until {@link #resume()}; the time in between is stored as a gap naming
     * {@code reason}.
     */
    public void pause(String reason) {
        synchronized (pauseLock) {
            if (pausedFor != null) {
                return;
            }
            pausedFor = reason;
        }
        LOG.warn("camera {} recording paused: {}", cameraId, reason);
        Process p = process;
        if (p != null) {
            p.toHandle().destroy();
        }
    }

    public void resume() {
        synchronized (pauseLock) {
            if (pausedFor == null) {
                return;
            }
            pausedFor = null;
            pauseLock.notifyAll();
        }
        LOG.info("camera {} recording resumed", cameraId);
    }

    public boolean paused() {
        return pausedFor != null;
    }

    /** Waits while paused; false when the recorder stops meanwhile. */
    private boolean awaitUnpaused() {
        synchronized (pauseLock) {
            while (pausedFor != null && !stopping) {
                try {
                    pauseLock.wait();
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return !stopping;
    }

    /** Stops ffmpeg (SIGTERM: it closes and reports its last segment, which is then indexed) and waits. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        synchronized (indexed) {
            indexed.notifyAll();
        }
        Process p = process;
        if (p != null) {
            // SIGTERM through the handle: Process.destroy() would also close our end of the list pipe, and ffmpeg's
            // last line (the segment it closes on the way out) would be lost.
            p.toHandle().destroy();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    public String cameraId() {
        return cameraId;
    }

    public long segmentsWritten() {
        return segmentsWritten;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** ffmpeg runs that have ended (camera offline, refused, stopped). */
    public long runsEnded() {
        return runsEnded;
    }

    /** The running ffmpeg, for tests and benchmarks that kill it; null between runs. */
    public Process process() {
        return process;
    }

    private void run() {
        setAsideOrphans();
        while (!stopping) {
            if (!awaitUnpaused()) {
                return;
            }
            long started = System.nanoTime();
            try {
                runOnce();
            } catch (IOException | RuntimeException e) {
                lastEndReason = "recorder failed: " + redact(e.getMessage());
                LOG.warn("camera {} recorder: {}", cameraId, lastEndReason);
            }
            backoff.recordUptime(Duration.ofNanos(System.nanoTime() - started));
            if (stopping) {
                return;
            }
            if (pausedFor != null) {
                continue; // no backoff: wait for the resume at the top
            }
            Duration delay = backoff.nextDelay();
            LOG.info("camera {} recorder restarting in {} ms", cameraId, delay.toMillis());
            try {
                if (stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One ffmpeg run: index each finished segment until ffmpeg exits. */
    private void runOnce() throws IOException {
        Files.createDirectories(incoming);
        String run = "run-" + clock.millis();
        Path pattern = incoming.resolve(run + "-%06d." + config.format().extension());
        // Started and waited on by this recorder thread: if the JVM dies, so does this ffmpeg.
        List<String> command = FfmpegProcess.diesWithStarter(SegmentCommand.build(ffmpeg, source, config, pattern));
        Process p = FfmpegProcess.start(command, source);
        process = p;
        LOG.info("camera {} ({}) recording into {} s {} segments", cameraId, source.redactedUrl(),
                config.segmentSeconds(), config.format().extension());
        if (stopping || pausedFor != null) {
            p.toHandle().destroy();
        }
        StderrRing stderr = new StderrRing(p.getErrorStream(), 8, this::redact, cameraId + "-rec");
        RunState state = new RunState(run);
        declaredFps = null;
        try (BufferedReader list = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = list.readLine()) != null) {
                Instant arrived = clock.instant();
                long arrivedNanos = System.nanoTime();
                try {
                    finished(line.strip(), incoming, arrived, arrivedNanos, state);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("camera {} recorder: cannot index segment {}: {}", cameraId, line, e.getMessage());
                }
            }
        } finally {
            int exit = waitExit(p);
            try {
                stderr.awaitEnd(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            finishRun(incoming, state);
            runsEnded++;
            if (stopping) {
                lastEndReason = "recorder stopped";
            } else if (pausedFor != null) {
                lastEndReason = "recording paused: " + pausedFor;
            } else {
                List<String> said = stderr.lastLines();
                // 0: the stream ended, 1: it could not be read; anything else (a signal) is the recorder's own end.
                lastEndReason = (exit == 0 || exit == 1 ? "camera offline" : "recorder restarted")
                        + " (ffmpeg exited with " + exit + (said.isEmpty() ? "" : ": " + String.join(" | ", said))
                        + ")";
                LOG.warn("camera {} ({}) recorder: {}", cameraId, source.redactedUrl(), lastEndReason);
            }
        }
    }

    /** What one run has written so far. */
    private static final class RunState {
        final String run;
        final SegmentTimeline timeline = new SegmentTimeline();
        Instant lastEnd;
        RecordedSegment last;

        RunState(String run) {
            this.run = run;
        }
    }

    /** One line of ffmpeg's list, {@code name,startSeconds,endSeconds}: move, hash, probe, index. */
    private void finished(String line, Path incoming, Instant arrived, long arrivedNanos, RunState state)
            throws IOException {
        String[] parts = line.split(",");
        if (parts.length < 3) {
            throw new IOException("unexpected segment list line: " + line);
        }
        String name = parts[0];
        double startS = Double.parseDouble(parts[1]);
        double endS = Double.parseDouble(parts[2]);
        SegmentTimeline.Placed placed = state.timeline.place(startS, endS, arrived, arrivedNanos);
        boolean clockJump = placed.clockJump();
        if (clockJump) {
            LOG.warn("camera {} recorder: the wall clock jumped {} s before segment {}; times follow the wall clock"
                    + " from here and the segment is flagged", cameraId, String.format("%.1f", placed.jumpSeconds()),
                    name);
        }
        // Within a run segments are contiguous by the stream's own clock.
        Instant start = state.lastEnd != null && !clockJump ? state.lastEnd : placed.start();
        Instant end = placed.end();
        if (state.lastEnd == null) {
            start = startOfRun(start);
        }
        if (!end.isAfter(start)) {
            end = start.plusMillis(1);
        }
        state.last = index(incoming.resolve(name), start, end, clockJump, false);
        state.lastEnd = end;
    }

    /** The first segment of a run: records the gap since the camera's previous segment. */
    private Instant startOfRun(Instant start) {
        Instant previous = repository.lastSegmentEnd(cameraId);
        if (previous == null) {
            return start;
        }
        if (start.isBefore(previous)) {
            // The anchor is a little late or early; never overlap the previous segment.
            return previous;
        }
        if (Duration.between(previous, start).compareTo(MIN_GAP) > 0) {
            repository.addGap(new RecordingGap(cameraId, previous, start, lastEndReason));
            LOG.info("camera {} recording gap {} .. {} ({})", cameraId, previous, start, lastEndReason);
        }
        return start;
    }

    /** Moves a finished file into its day folder and stores its row. */
    private RecordedSegment index(Path file, Instant start, Instant end, boolean clockJump, boolean partial)
            throws IOException {
        String ext = config.format().extension();
        String fileName = file.getFileName().toString();
        String counter = fileName.substring(fileName.lastIndexOf('-') + 1, fileName.lastIndexOf('.'));
        String relative = cameraId + "/" + DAY.format(start) + "/" + TIME.format(start) + "-" + counter + "."
                + ext;
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        // Never over an indexed file: on a shared directory another worker recording this camera (a handover's
        // overlap) can reach the same name; this segment then takes the next free one.
        for (int n = 2; ; n++) {
            try {
                NoReplaceMove.move(file, target);
                break;
            } catch (FileAlreadyExistsException e) {
                if (n > 99) {
                    throw e;
                }
                relative = cameraId + "/" + DAY.format(start) + "/" + TIME.format(start) + "-" + counter + "-" + n
                        + "." + ext;
                target = root.resolve(relative);
            }
        }
        long size = Files.size(target);
        String sha = sha256(target);
        double seconds = Duration.between(start, end).toMillis() / 1000.0;
        Double declared = declaredFps;
        Double delivered = null;
        long frames = config.format() == RecordingConfig.Format.TS ? TsFrameCounter.count(target) : -1;
        if (frames >= 0 && declared != null) {
            delivered = frames / seconds;
        } else {
            // Once per run (the declared rate does not change within one), or per segment for MP4.
            try {
                SegmentProbe.Result r = probe.probe(target);
                declared = r.declaredFps();
                declaredFps = config.format() == RecordingConfig.Format.TS ? declared : null;
                delivered = frames >= 0 ? Double.valueOf(frames / seconds) : r.deliveredFps(seconds);
            } catch (IOException e) {
                LOG.warn("camera {} recorder: {}", cameraId, e.getMessage());
            }
        }
        checkFps(declared, delivered, relative);
        RecordedSegment stored = repository.addSegment(new RecordedSegment(0, cameraId, start, end, relative, size,
                sha, false, partial, clockJump, declared, delivered));
        synchronized (indexed) {
            lastIndexedEnd = end;
            indexed.notifyAll();
        }
        segmentsWritten++;
        bytesWritten += size;
        LOG.debug("camera {} segment {} {} .. {} ({} bytes)", cameraId, relative, start, end, size);
        return stored;
    }

    /** A camera that sends fewer (or more) frames than it declares is logged once per change, and stored per row. */
    private void checkFps(Double declared, Double delivered, String relative) {
        if (declared == null || delivered == null) {
            return;
        }
        boolean mismatch = Math.abs(delivered - declared) > declared * FPS_TOLERANCE;
        if (mismatch && !fpsMismatchReported) {
            LOG.warn("camera {} declares {} fps but delivered {} fps in {}", cameraId,
                    String.format("%.2f", declared), String.format("%.2f", delivered), relative);
        } else if (!mismatch && fpsMismatchReported) {
            LOG.info("camera {} delivers its declared {} fps again", cameraId, String.format("%.2f", declared));
        }
        fpsMismatchReported = mismatch;
    }

    /**
     * After ffmpeg exits: its last listed segment is marked partial (cut by the exit), and a file it never listed
     * (SIGKILL) is probed and indexed as partial after the last one.
     */
    private void finishRun(Path incoming, RunState state) {
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(incoming)) {
            leftovers = files.filter(f -> f.getFileName().toString().startsWith(state.run + "-")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("camera {} recorder: cannot list {}: {}", cameraId, incoming, e.getMessage());
            return;
        }
        if (leftovers.isEmpty()) {
            if (state.last != null && state.last.duration().toMillis() < config.segmentSeconds() * 1000L - 500) {
                repository.markPartial(state.last.id());
            }
            return;
        }
        for (Path f : leftovers) {
            try {
                if (Files.size(f) == 0) {
                    Files.delete(f);
                    continue;
                }
                SegmentProbe.Result r = probe.probe(f);
                double seconds = r.durationSeconds() == null ? 0 : r.durationSeconds();
                Instant start = state.lastEnd != null ? state.lastEnd : startOfRun(clock.instant()
                        .minus(seconds(seconds)));
                Instant end = start.plus(seconds(Math.max(seconds, 0.001)));
                state.last = index(f, start, end, false, true);
                state.lastEnd = end;
                LOG.info("camera {} recorder: indexed the unlisted partial segment {}", cameraId, f.getFileName());
            } catch (IOException | RuntimeException e) {
                LOG.warn("camera {} recorder: cannot index leftover {}: {}", cameraId, f, e.getMessage());
            }
        }
    }

    /**
     * Files a previous process left in {@code incoming} (the JVM was killed before it could index them) have no
     * trustworthy time any more: moved to {@code <camera>/orphans/} and logged, never silently deleted.
     */
    private void setAsideOrphans() {
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (Stream<Path> files = Files.list(incoming)) {
            // Files only: a directory here is a cluster worker's own incoming directory, never ours to move.
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = orphans.resolve(f.getFileName());
                Files.createDirectories(target.getParent());
                Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("camera {} recorder: {} was never indexed (the process stopped abruptly); moved to {}",
                        cameraId, f.getFileName(), root.relativize(target));
            }
        } catch (IOException e) {
            LOG.warn("camera {} recorder: cannot set aside unindexed files in {}: {}", cameraId, incoming,
                    e.getMessage());
        }
    }

    private static int waitExit(Process p) {
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String redact(String text) {
        return Redactor.redact(text == null ? "unknown error" : text, source);
    }
}
