package vn.wardwatch.track;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Remembers a track's (filtered) anchor over the last few seconds of stream time and says whether it stayed put:
 * every remembered anchor lies within a small radius of the current one, and the memory spans the whole window
 * (a track seen for less than the window is never called stationary).
 */
final class StationaryWindow {

    private record Sample(long millis, double x, double y) {
    }

    private final long windowMillis;
    private final double heightFraction;
    private final double minRadiusPx;
    private final Deque<Sample> samples = new ArrayDeque<>();

    StationaryWindow(long windowMillis, double heightFraction, double minRadiusPx) {
        this.windowMillis = windowMillis;
        this.heightFraction = heightFraction;
        this.minRadiusPx = minRadiusPx;
    }

    void add(long millis, double x, double y) {
        samples.addLast(new Sample(millis, x, y));
        // Keep exactly one sample at least a window old: it is the reference for "over the last window".
        while (samples.size() >= 2 && millis - second().millis >= windowMillis) {
            samples.removeFirst();
        }
    }

    /** Radius is a fraction of the box height (near objects jitter by more pixels), but never below a few px. */
    boolean isStationary(double boxHeight) {
        if (samples.isEmpty()) {
            return false;
        }
        Sample latest = samples.peekLast();
        if (latest.millis - samples.peekFirst().millis < windowMillis) {
            return false;
        }
        double radius = Math.max(minRadiusPx, heightFraction * boxHeight);
        for (Sample s : samples) {
            if (Math.hypot(s.x - latest.x, s.y - latest.y) >= radius) {
                return false;
            }
        }
        return true;
    }

    private Sample second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
