package vn.wardwatch.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * When each camera last saw activity (tracked objects), as merged intervals, for events-mode recording. Kept in
 * memory for a few minutes: events mode decides about each segment shortly after it ends. Thread-safe.
 */
public final class ActivityLog {

    /** Two sightings closer than this are one interval. */
    private static final Duration MERGE = Duration.ofSeconds(2);
    private final Duration keep;
    private final Map<String, Deque<Instant[]>> intervals = new HashMap<>();

    public ActivityLog(Duration keep) {
        this.keep = keep;
    }

    /** The camera saw activity at {@code at}. */
    public synchronized void mark(String cameraId, Instant at) {
        Deque<Instant[]> list = intervals.computeIfAbsent(cameraId, k -> new ArrayDeque<>());
        Instant[] last = list.peekLast();
        if (last != null && !at.isAfter(last[1].plus(MERGE)) && !at.isBefore(last[0])) {
            if (at.isAfter(last[1])) {
                last[1] = at;
            }
        } else {
            list.addLast(new Instant[] {at, at});
        }
        while (!list.isEmpty() && list.peekFirst()[1].isBefore(at.minus(keep))) {
            list.removeFirst();
        }
    }

    /** True if the camera saw activity within {@code [from, to]}. */
    public synchronized boolean any(String cameraId, Instant from, Instant to) {
        Deque<Instant[]> list = intervals.get(cameraId);
        if (list == null) {
            return false;
        }
        for (Instant[] i : list) {
            if (!i[0].isAfter(to) && !i[1].isBefore(from)) {
                return true;
            }
        }
        return false;
    }
}
