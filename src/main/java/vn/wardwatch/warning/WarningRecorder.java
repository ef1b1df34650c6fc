package vn.wardwatch.warning;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningRepository;

/**
 * Stores warnings off the analysis thread: the camera thread only copies the frame of a raise and queues it; this
 * recorder's own thread encodes the snapshot JPEG, writes it atomically, then the row, then hands the stored warning
 * on (the event bus). The queue is bounded: when it is full the newest warning is dropped and counted, so a stuck
 * disk never stalls analysis. Warnings are stored in the order they were queued.
 */
public final class WarningRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarningRecorder.class);
    public static final int DEFAULT_QUEUE_SIZE = 256;

    private record Job(Warning warning, ZoneOffset offset, Mat frame) {
    }

    private static final Job STOP = new Job(null, null, null);

    private final WarningRepository repository;
    private final WarningSnapshots snapshots;
    private final Consumer<Warning> stored;
    private final BlockingQueue<Job> queue;
    private final Counter dropped;
    private final Counter failures;
    private final MeterRegistry registry;
    private final Thread thread;
    /** Warnings queued and not yet stored (or given up). */
    private int pending;

    /** @param stored called on the recorder thread with each warning once its row is written */
    public WarningRecorder(WarningRepository repository, WarningSnapshots snapshots, Consumer<Warning> stored,
                           MeterRegistry registry, int queueSize) {
        this.repository = repository;
        this.snapshots = snapshots;
        this.stored = stored;
        this.registry = registry;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.dropped = registry.counter(Meters.WARNINGS_DROPPED);
        this.failures = registry.counter(Meters.WARNING_FAILURES);
        this.thread = new Thread(this::run, "warning-recorder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a warning; {@code frame} (lent, may be null) is copied only when the warning wants a snapshot. */
    public void submit(Warning w, ZoneOffset offset, Mat frame) {
        Mat copy = w.state().equals(Warning.RAISED) && w.snapshot() && frame != null && !frame.empty()
                ? frame.clone() : null;
        synchronized (this) {
            pending++;
        }
        if (!queue.offer(new Job(w, offset, copy))) {
            done();
            dropped.increment();
            if (copy != null) {
                copy.release();
            }
            LOG.warn("warning queue full: {} {} warning {} of {}/{} dropped", w.kind(), w.state(), w.id(),
                    w.cameraId(), w.zoneId());
        }
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            try {
                record(job);
            } finally {
                done();
            }
        }
    }

    private void record(Job job) {
        Warning w = job.warning();
        String file = null;
        if (job.frame() != null) {
            try {
                file = snapshots.write(w, job.offset(), jpeg(job.frame()));
            } catch (IOException | RuntimeException e) {
                failures.increment();
                LOG.warn("warning {}: snapshot not written, stored without it: {}", w.id(), e.toString());
            } finally {
                job.frame().release();
            }
        }
        Warning out = w;
        if (w.state().equals(Warning.RAISED) && file == null) {
            out = new Warning(w.id(), w.cameraId(), w.zoneId(), w.kind(), w.state(), w.level(), w.raisedAt(),
                    w.clearedAt(), w.frameAt(), w.metrics(), false);
        }
        try {
            repository.save(new StoredWarning(out, job.offset(), file));
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("warning {} ({} {}) not stored: {}", w.id(), w.kind(), w.state(), e.getMessage());
            return;
        }
        registry.counter(Meters.WARNINGS, Meters.TAG_CAMERA, w.cameraId(), Meters.TAG_ZONE, w.zoneId(),
                Meters.TAG_TYPE, w.kind(), "state", w.state()).increment();
        try {
            stored.accept(out);
        } catch (RuntimeException e) {
            LOG.warn("warning {}: listener failed: {}", w.id(), e.toString());
        }
    }

    private static byte[] jpeg(Mat frame) {
        MatOfByte buf = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", frame, buf, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85))) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            return buf.toArray();
        } finally {
            buf.release();
        }
    }

    private synchronized void done() {
        pending--;
        notifyAll();
    }

    /** Waits until every queued warning is stored (tests, replay); false on timeout. */
    public synchronized boolean drain(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (pending > 0) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Stores what is queued, then stops the thread. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
