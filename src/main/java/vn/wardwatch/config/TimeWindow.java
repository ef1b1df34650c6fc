package vn.wardwatch.config;

import java.time.LocalTime;
import java.util.List;

/**
 * A daily window of local time, {@code from} inclusive to {@code to} exclusive; a window whose end is before its
 * start runs over midnight (22:00-06:00).
 */
public record TimeWindow(LocalTime from, LocalTime to) {

    public boolean contains(LocalTime t) {
        if (from.isBefore(to)) {
            return !t.isBefore(from) && t.isBefore(to);
        }
        return !t.isBefore(from) || t.isBefore(to);
    }

    /** An empty list means "always". */
    public static boolean anyContains(List<TimeWindow> windows, LocalTime t) {
        if (windows.isEmpty()) {
            return true;
        }
        for (TimeWindow w : windows) {
            if (w.contains(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
