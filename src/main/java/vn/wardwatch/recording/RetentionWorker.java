package vn.wardwatch.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.RecordingConfig;

/**
 * Deletes recorded segments on its own thread (never on ingest's): older than the camera's retention, over its
 * quota (oldest first), and in events mode those with no activity within before/after seconds. Protected segments
 * are never deleted. Every deletion is logged and recorded in {@code recording_deletion}; all state is in the
 * database, so a restart simply carries on.
 */
public final class RetentionWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionWorker.class);
    private static final int BATCH = 200;

    private final RecordingRepository repository;
    private final Path root;
    private final Map<String, RecordingConfig> cameras;
    private final ActivityLog activity;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** Cameras over quota with only protected segments left, warned once until they are under it again. */
    private final java.util.Set<String> quotaWarned = new java.util.HashSet<>();

    public RetentionWorker(RecordingRepository repository, Path root, Map<String, RecordingConfig> cameras,
                           ActivityLog activity, Clock clock) {
        this.repository = repository;
        this.root = root;
        this.cameras = Map.copyOf(cameras);
        this.activity = activity;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recording-retention");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(Duration period) {
        executor.scheduleWithFixedDelay(this::runLogged, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("recording retention pass failed (next pass retries): {}", e.getMessage());
        }
    }

    /** One pass over every camera; returns the number of segments deleted. */
    public synchronized int runOnce() {
        int deleted = 0;
        for (Map.Entry<String, RecordingConfig> e : cameras.entrySet()) {
            deleted += pass(e.getKey(), e.getValue());
        }
        return deleted;
    }

    private int pass(String camera, RecordingConfig config) {
        Instant now = clock.instant();
        int deleted = 0;
        if (config.mode() == RecordingConfig.Mode.EVENTS) {
            deleted += events(camera, config, now);
        }
        // Age: the oldest unprotected first, up to the cut-off.
        Instant cutoff = now.minus(Duration.ofMillis(Math.round(config.retentionDays() * 86_400_000L)));
        String ageReason = "older than " + plain(config.retentionDays()) + " days";
        boolean more = true;
        while (more) {
            more = false;
            for (RecordedSegment s : repository.oldestUnprotected(camera, BATCH)) {
                if (!s.end().isBefore(cutoff)) {
                    break;
                }
                deleted += delete(s, ageReason, now);
                more = true;
            }
        }
        // Quota: oldest unprotected first until under it.
        long total = repository.totalBytes(camera);
        long quota = config.quotaBytes();
        if (total <= quota) {
            quotaWarned.remove(camera);
        }
        String quotaReason = "over the camera's quota of " + plain(config.quotaGb()) + " GB";
        while (total > quota) {
            List<RecordedSegment> oldest = repository.oldestUnprotected(camera, BATCH);
            if (oldest.isEmpty()) {
                if (quotaWarned.add(camera)) {
                    LOG.warn("camera {} recordings use {} bytes, over the quota of {} bytes, but every remaining"
                            + " segment is protected", camera, total, quota);
                }
                break;
            }
            for (RecordedSegment s : oldest) {
                if (total <= quota) {
                    break;
                }
                deleted += delete(s, quotaReason, now);
                total -= s.sizeBytes();
            }
        }
        return deleted;
    }

    /** Events mode: each finished segment is kept only if activity fell within before/after seconds of it. */
    private int events(String camera, RecordingConfig config, Instant now) {
        Duration before = Duration.ofMillis(Math.round(config.beforeSeconds() * 1000));
        Duration after = Duration.ofMillis(Math.round(config.afterSeconds() * 1000));
        // Activity up to `before` after the segment's end still keeps it: decide once that time has passed.
        int deleted = 0;
        for (RecordedSegment s : repository.unreviewedEventSegments(camera, now.minus(before), BATCH)) {
            if (activity.any(camera, s.start().minus(after), s.end().plus(before))) {
                repository.markEventKept(s.id());
            } else {
                deleted += delete(s, "events mode: no activity within " + plain(config.beforeSeconds())
                        + " s before or " + plain(config.afterSeconds()) + " s after", now);
            }
        }
        return deleted;
    }

    private int delete(RecordedSegment s, String reason, Instant now) {
        // The record first: a file left behind is harmless, a missing deletion record is not.
        repository.recordDeletion(s, reason, now);
        try {
            Files.deleteIfExists(root.resolve(s.file()));
        } catch (IOException e) {
            LOG.warn("camera {}: segment {} unindexed but its file could not be deleted: {}", s.cameraId(),
                    s.file(), e.getMessage());
        }
        LOG.info("camera {}: deleted segment {} ({} .. {}, {} bytes, sha256 {}): {}", s.cameraId(), s.file(),
                s.start(), s.end(), s.sizeBytes(), s.sha256(), reason);
        return 1;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
