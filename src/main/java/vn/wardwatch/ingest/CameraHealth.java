package vn.wardwatch.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Live status of one camera, written by its ingest worker and its analysis, read by the API and metrics.
 * Each camera has its own instance and lock, so one camera's trouble never blocks another.
 * Error texts given here must already be redacted.
 */
public final class CameraHealth {

    // JDK logging: slf4j is not on the compile classpath (vertx's BOM scopes it to tests).
    private static final Logger LOG = LoggerFactory.getLogger(CameraHealth.class);
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** An immutable copy of the status at one moment. {@code lastFrameAt} and {@code lastError} may be null. */
    public record Snapshot(String cameraId, CameraState state, Instant since, long framesIn, double fpsIn,
                           long framesAnalysed, double fpsAnalysed, long drops, long reconnects,
                           Instant lastFrameAt, String lastError) {
    }

    private final String cameraId;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final RateMeter inRate;
    private final RateMeter analysedRate;
    private CameraState state = CameraState.STARTING;
    private Instant since = Instant.now();
    private long framesIn;
    private long framesAnalysed;
    private long drops;
    private long reconnects;
    private Instant lastFrameAt;
    private String lastError;

    public CameraHealth(String cameraId) {
        this.cameraId = cameraId;
        long now = System.nanoTime();
        this.inRate = new RateMeter(RATE_WINDOW_NANOS, now);
        this.analysedRate = new RateMeter(RATE_WINDOW_NANOS, now);
    }

    public String cameraId() {
        return cameraId;
    }

    /** Called with a fresh snapshot after every state change, on the thread that changed it. Keep it quick. */
    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** Moves to {@code newState}; {@code error} (redacted) is kept as the last error when not null. */
    public void setState(CameraState newState, String error) {
        Snapshot changed;
        synchronized (this) {
            if (error != null) {
                lastError = error;
            }
            if (newState == state) {
                return;
            }
            state = newState;
            since = Instant.now();
            changed = snapshot();
        }
        // Outside the lock: a slow listener must not block the ingest of this camera's readers.
        for (Consumer<Snapshot> listener : listeners) {
            try {
                listener.accept(changed);
            } catch (RuntimeException e) {
                LOG.warn("camera " + cameraId + " state listener failed", e);
            }
        }
    }

    public synchronized CameraState state() {
        return state;
    }

    /** A frame arrived from the camera at {@code wallTime}. */
    public synchronized void recordFrameIn(Instant wallTime) {
        framesIn++;
        lastFrameAt = wallTime;
        inRate.record(System.nanoTime());
    }

    /** Analysis finished one frame. */
    public synchronized void recordAnalysed() {
        framesAnalysed++;
        analysedRate.record(System.nanoTime());
    }

    /** Total frames dropped by the queue so far. */
    public synchronized void setDrops(long totalDrops) {
        drops = totalDrops;
    }

    /** One more attempt to reopen the stream. */
    public synchronized void recordReconnect() {
        reconnects++;
    }

    public synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        return new Snapshot(cameraId, state, since, framesIn, inRate.perSecond(now), framesAnalysed,
                analysedRate.perSecond(now), drops, reconnects, lastFrameAt, lastError);
    }
}
