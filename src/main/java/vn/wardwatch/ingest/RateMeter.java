package vn.wardwatch.ingest;

import java.util.ArrayDeque;

/** Events per second over a sliding window. Not thread-safe: the owner locks. */
final class RateMeter {

    private final long windowNanos;
    private final ArrayDeque<Long> events = new ArrayDeque<>();
    private final long createdNanos;

    RateMeter(long windowNanos, long nowNanos) {
        this.windowNanos = windowNanos;
        this.createdNanos = nowNanos;
    }

    void record(long nowNanos) {
        events.addLast(nowNanos);
        evict(nowNanos);
    }

    double perSecond(long nowNanos) {
        evict(nowNanos);
        // Right after start the window is not full yet: divide by the time actually observed.
        long span = Math.min(windowNanos, nowNanos - createdNanos);
        if (span <= 0 || events.isEmpty()) {
            return 0.0;
        }
        return events.size() * 1e9 / span;
    }

    private void evict(long nowNanos) {
        while (!events.isEmpty() && nowNanos - events.peekFirst() > windowNanos) {
            events.removeFirst();
        }
    }
}
