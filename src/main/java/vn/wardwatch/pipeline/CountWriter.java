package vn.wardwatch.pipeline;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.storage.CountRepository;

/**
 * Moves closed minutes from each camera's in-memory counts to the database every few seconds, on its own thread
 * so that a slow disk never stalls analysis. A failed write keeps the buckets and retries them, so counts are
 * not lost while the database is briefly unavailable.
 */
public final class CountWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CountWriter.class);

    /** One camera's counts with the zone offset its rows are stored with. */
    public record Source(MinuteCounts counts, ZoneOffset offset) {
    }

    private final List<Source> sources;
    private final CountRepository repository;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<Source, List<CountBucket>> pending = new HashMap<>();

    public CountWriter(List<Source> sources, CountRepository repository, Clock clock) {
        this.sources = List.copyOf(sources);
        this.repository = repository;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "count-writer");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(long periodMillis) {
        executor.scheduleWithFixedDelay(this::flushClosed, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stores the minutes that have ended. */
    public synchronized void flushClosed() {
        for (Source source : sources) {
            write(source, source.counts().drainClosed(clock.instant()));
        }
    }

    /** Stores everything, the current minute included (shutdown and end of replay). */
    public synchronized void flushAll() {
        for (Source source : sources) {
            write(source, source.counts().drainAll());
        }
    }

    private void write(Source source, List<CountBucket> buckets) {
        List<CountBucket> batch = new ArrayList<>(pending.getOrDefault(source, List.of()));
        batch.addAll(buckets);
        if (batch.isEmpty()) {
            return;
        }
        try {
            repository.add(batch, source.offset());
            pending.remove(source);
        } catch (RuntimeException e) {
            pending.put(source, batch);
            LOG.warn("could not store {} count buckets, will retry: {}", batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushAll();
    }
}
