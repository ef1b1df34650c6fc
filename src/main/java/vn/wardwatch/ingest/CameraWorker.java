package vn.wardwatch.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.SourceConfig;

/**
 * Keeps one camera's frames flowing into its {@link FrameQueue}: one reader thread plus its own watchdog.
 * <ul>
 *   <li>first frame after a (re)start: ONLINE;</li>
 *   <li>no frame for {@code stallTimeoutSeconds} (read() blocked): STALLED, the source is killed and restarted;</li>
 *   <li>source fails (ffmpeg exits, cannot connect): OFFLINE, restarted after a jittered exponential backoff;</li>
 *   <li>a finite file read once ends: OFFLINE and the worker ends.</li>
 * </ul>
 * Nothing here is shared between cameras, so one camera's trouble never slows another.
 */
public final class CameraWorker {

    // JDK logging: slf4j is not on the compile classpath (vertx's BOM scopes it to tests).
    private static final Logger LOG = LoggerFactory.getLogger(CameraWorker.class);
    /** Connecting and the first keyframe take a while (1.2-1.5 s measured): never call that a stall too early. */
    private static final long STARTUP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STOP_JOIN_MILLIS = 10_000;

    private final String cameraId;
    private final SourceConfig source;
    private final FrameSourceFactory factory;
    private final FrameQueue queue;
    private final CameraHealth health;
    private final Backoff backoff;
    private final long stallNanos;
    private final Thread thread;
    private final ScheduledExecutorService watchdog;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Attempt current;

    /** One opened source and its progress, as seen by the watchdog. */
    private static final class Attempt {
        final FrameSource source;
        volatile long lastProgressNanos = System.nanoTime();
        volatile long onlineSinceNanos;
        volatile boolean online;
        volatile boolean stalled;

        Attempt(FrameSource source) {
            this.source = source;
        }
    }

    private enum Outcome { ENDED, FAILED, STOPPED }

    public CameraWorker(String cameraId, SourceConfig source, FrameSourceFactory factory, FrameQueue queue,
                        CameraHealth health, Backoff backoff) {
        this.cameraId = cameraId;
        this.source = source;
        this.factory = factory;
        this.queue = queue;
        this.health = health;
        this.backoff = backoff;
        this.stallNanos = Math.max(1L, Math.round(source.stallTimeoutSeconds() * 1e9));
        this.thread = new Thread(this::run, "ingest-" + cameraId);
        this.thread.setDaemon(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-watchdog-" + cameraId);
            t.setDaemon(true);
            return t;
        });
    }

    /** A worker reading the camera through ffmpeg as configured, with the default backoff. */
    public static CameraWorker forCamera(CameraConfig camera, FrameQueue queue, CameraHealth health) {
        return new CameraWorker(camera.id(), camera.source(),
                () -> new FfmpegFrameSource(camera.id(), camera.source(), camera.detect()),
                queue, health, Backoff.defaults());
    }

    public void start() {
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(stallNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        watchdog.scheduleWithFixedDelay(this::checkStall, tick, tick, TimeUnit.NANOSECONDS);
        thread.start();
    }

    /** Stops promptly: kills the source, wakes the backoff wait, joins the threads. Idempotent. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        Attempt attempt = current;
        if (attempt != null) {
            attempt.source.close();
        }
        thread.interrupt();
        try {
            thread.join(STOP_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
        health.setState(CameraState.OFFLINE, null);
    }

    /** Waits for the worker to end (a replayed file finished, or stop()); true if it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    public String cameraId() {
        return cameraId;
    }

    public CameraHealth health() {
        return health;
    }

    public FrameQueue queue() {
        return queue;
    }

    private void run() {
        boolean firstAttempt = true;
        try {
            while (!stopping) {
                if (!firstAttempt) {
                    health.recordReconnect();
                }
                firstAttempt = false;
                Outcome outcome = runOnce();
                if (outcome == Outcome.ENDED) {
                    LOG.info("camera {} ({}): end of file, replay done",
                            cameraId, source.redactedUrl());
                    health.setState(CameraState.OFFLINE, null);
                    return;
                }
                if (outcome == Outcome.STOPPED || !waitBeforeRestart()) {
                    return;
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** Opens the source once and pumps frames until it ends, fails or the worker stops. */
    private Outcome runOnce() {
        FrameSource opened;
        try {
            opened = factory.open();
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                return Outcome.STOPPED;
            }
            fail(CameraState.OFFLINE, "cannot open: " + e.getMessage());
            return Outcome.FAILED;
        }
        Attempt attempt = new Attempt(opened);
        current = attempt;
        try {
            if (stopping) {
                return Outcome.STOPPED;
            }
            return pump(attempt);
        } finally {
            current = null;
            opened.close();
        }
    }

    private Outcome pump(Attempt attempt) {
        try {
            while (!stopping) {
                Frame frame = attempt.source.read();
                if (frame == null) {
                    return Outcome.ENDED;
                }
                attempt.lastProgressNanos = System.nanoTime();
                if (!attempt.online) {
                    attempt.online = true;
                    attempt.onlineSinceNanos = attempt.lastProgressNanos;
                    health.setState(CameraState.ONLINE, null);
                    LOG.info("camera {} ({}) online", cameraId, source.redactedUrl());
                }
                health.recordFrameIn(frame.wallTime());
                queue.offer(frame);
                health.setDrops(queue.drops());
            }
            return Outcome.STOPPED;
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                return Outcome.STOPPED;
            }
            if (attempt.online) {
                backoff.recordUptime(Duration.ofNanos(System.nanoTime() - attempt.onlineSinceNanos));
            }
            if (attempt.stalled) {
                // The watchdog killed it and already said why; keep STALLED until the restart delivers.
                LOG.debug("camera {} stalled source ended: {}",
                        cameraId, redact(e.getMessage()));
            } else {
                fail(CameraState.OFFLINE, e.getMessage());
            }
            return Outcome.FAILED;
        }
    }

    private void fail(CameraState state, String message) {
        String safe = redact(message);
        LOG.warn("camera {} ({}) {}: {}",
                cameraId, source.redactedUrl(), state, safe);
        health.setState(state, safe);
    }

    /** Sleeps the backoff delay; false if stop() came meanwhile. */
    private boolean waitBeforeRestart() {
        Duration delay = backoff.nextDelay();
        LOG.info("camera {} restarting in {} ms", cameraId, delay.toMillis());
        try {
            return !stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS) && !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Watchdog tick: read() blocks while nothing arrives, so progress is judged from outside. */
    private void checkStall() {
        Attempt attempt = current;
        if (attempt == null || attempt.stalled || stopping) {
            return;
        }
        long limit = attempt.online ? stallNanos : Math.max(stallNanos, STARTUP_GRACE_NANOS);
        long idle = System.nanoTime() - attempt.lastProgressNanos;
        if (idle > limit) {
            attempt.stalled = true;
            String message = String.format("no frame for %.1f s", idle / 1e9);
            LOG.warn("camera {} ({}) stalled: {}; restarting the source",
                    cameraId, source.redactedUrl(), message);
            health.setState(CameraState.STALLED, message);
            try {
                attempt.source.close();
            } catch (RuntimeException e) {
                LOG.warn("camera " + cameraId + " closing stalled source failed", e);
            }
        }
    }

    private String redact(String text) {
        return Redactor.redact(text == null ? "unknown error" : text, source);
    }
}
