package vn.wardwatch.analytics.counting;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;

/**
 * Accumulates count events into per-minute buckets for storage, and keeps running totals since start for the live
 * snapshot.
 *
 * <p>A bucket is closed once {@code now} has reached the end of its minute. An event that arrives for a minute
 * already drained (a late frame) opens a new bucket for that minute, so one minute may be delivered in parts:
 * consumers must add counts, not overwrite them.
 *
 * <p>Thread-safe: the camera thread adds while the API thread reads totals and the storage thread drains.
 */
public final class MinuteCounts {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** Key of a running total: per camera, because line ids are only unique within a camera. */
    public record TotalKey(String cameraId, String lineId, ObjectClass objectClass, String direction) {
    }

    private record BucketKey(String cameraId, String lineId, ObjectClass objectClass, String direction,
                             Instant minuteStart) {
    }

    private static final Comparator<CountBucket> ORDER = Comparator.comparing(CountBucket::minuteStart)
            .thenComparing(CountBucket::cameraId).thenComparing(CountBucket::lineId)
            .thenComparing(CountBucket::objectClass).thenComparing(CountBucket::direction);

    private final Map<BucketKey, Long> open = new HashMap<>();
    private final Map<TotalKey, Long> totals = new HashMap<>();
    private volatile Runnable afterAdd = () -> { };

    /**
     * Called on the adding thread after each event, outside this object's lock (it may drain): a cluster worker
     * journals the count at once ({@code CountSender}).
     */
    public void afterAdd(Runnable listener) {
        this.afterAdd = listener;
    }

    public void add(CountEvent event) {
        Instant minute = event.wallTime().truncatedTo(ChronoUnit.MINUTES); // Instant truncation is in UTC
        synchronized (this) {
            open.merge(new BucketKey(event.cameraId(), event.lineId(), event.objectClass(), event.direction(),
                    minute), 1L, Long::sum);
            totals.merge(new TotalKey(event.cameraId(), event.lineId(), event.objectClass(), event.direction()),
                    1L, Long::sum);
        }
        afterAdd.run();
    }

    public void addAll(Collection<CountEvent> events) {
        for (CountEvent e : events) {
            add(e);
        }
    }

    /** Removes and returns the buckets whose minute has ended by {@code now}, oldest first. */
    public synchronized List<CountBucket> drainClosed(Instant now) {
        List<CountBucket> out = new ArrayList<>();
        Iterator<Map.Entry<BucketKey, Long>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<BucketKey, Long> e = it.next();
            if (!now.isBefore(e.getKey().minuteStart().plus(MINUTE))) {
                out.add(toBucket(e.getKey(), e.getValue()));
                it.remove();
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** Removes and returns every bucket, including the current minute's (shutdown, end of a replay). */
    public synchronized List<CountBucket> drainAll() {
        List<CountBucket> out = openBuckets();
        open.clear();
        return out;
    }

    /** A copy of the buckets not yet drained (the current minute among them), oldest first. */
    public synchronized List<CountBucket> openBuckets() {
        List<CountBucket> out = new ArrayList<>();
        open.forEach((k, v) -> out.add(toBucket(k, v)));
        out.sort(ORDER);
        return out;
    }

    /** A copy of the running totals since start; draining buckets does not reset them. */
    public synchronized Map<TotalKey, Long> totals() {
        return Map.copyOf(totals);
    }

    private static CountBucket toBucket(BucketKey k, long count) {
        return new CountBucket(k.cameraId(), k.lineId(), k.objectClass(), k.direction(), k.minuteStart(), count);
    }
}
