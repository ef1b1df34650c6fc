package vn.wardwatch.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.storage.StoredZoneMinute;
import vn.wardwatch.storage.ZoneMinuteRepository;

/**
 * Stores each zone's closed minutes off the analysis thread, one small upsert each on a thread shared by all cameras.
 * A minute that cannot be stored (database down) or finds the queue full is logged and counted, never retried: the
 * next minutes go on, and the live state is unaffected.
 */
public final class ZoneMinuteWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneMinuteWriter.class);
    static final int QUEUE_SIZE = 1000;

    private final ZoneMinuteRepository repository;
    private final Counter failures;
    private final ThreadPoolExecutor executor;

    public ZoneMinuteWriter(ZoneMinuteRepository repository, MeterRegistry registry) {
        this.repository = repository;
        this.failures = registry.counter(Meters.ZONE_MINUTE_FAILURES);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_SIZE),
                r -> {
                    Thread t = new Thread(r, "zone-minutes");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Queues a closed minute; never blocks. */
    public void submit(StoredZoneMinute minute) {
        try {
            executor.execute(() -> store(minute));
        } catch (RejectedExecutionException e) {
            failures.increment();
            LOG.warn("camera {} zone {}: minute {} not stored: the queue is full", minute.cameraId(),
                    minute.zoneId(), minute.summary().minuteStart());
        }
    }

    private void store(StoredZoneMinute minute) {
        try {
            repository.add(minute);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("camera {} zone {}: {}", minute.cameraId(), minute.zoneId(), e.getMessage());
        }
    }

    /** Stores what is queued (up to 10 s), then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{} zone minute(s) not stored at shutdown", executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
