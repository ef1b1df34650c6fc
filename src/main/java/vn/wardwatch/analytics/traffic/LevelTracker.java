package vn.wardwatch.analytics.traffic;

import java.util.List;
import vn.wardwatch.config.TrafficConfig;

/**
 * The congestion level of one zone, made steady two ways so that it does not flap on a metric that hovers at a bar:
 * <ul>
 *   <li>hysteresis: a level is entered when all of its bars are met, and kept while they are met within the
 *       hysteresis (e.g. 8 vehicles to enter, 6.4 to stay at 0.2; a speed bar of 5 px/s is kept up to 6 px/s);</li>
 *   <li>minimum duration: the candidate level must stay the same for {@code minSeconds} of stream time before it
 *       becomes the reported level.</li>
 * </ul>
 * Not thread-safe: the camera's thread.
 */
public final class LevelTracker {

    private final List<TrafficConfig.LevelRule> rules;
    private final double hysteresis;
    private final long minMillis;
    private CongestionLevel level = CongestionLevel.FREE;
    private long since = Long.MIN_VALUE;
    private CongestionLevel candidate = CongestionLevel.FREE;
    private long candidateSince;

    public LevelTracker(List<TrafficConfig.LevelRule> rules, double hysteresis, double minSeconds) {
        this.rules = rules;
        this.hysteresis = hysteresis;
        this.minMillis = Math.round(minSeconds * 1000);
    }

    /** Feeds one frame's metrics; returns the new reported level when it changed at this frame, else null. */
    public CongestionLevel update(ZoneTraffic t, long streamMillis) {
        CongestionLevel wanted = CongestionLevel.FREE;
        for (TrafficConfig.LevelRule rule : rules) {
            CongestionLevel l = CongestionLevel.of(rule.level());
            // Levels at or below the reported one only need their relaxed bars.
            boolean relaxed = l.compareTo(level) <= 0;
            if (l.compareTo(wanted) > 0 && meets(rule, t, relaxed ? hysteresis : 0)) {
                wanted = l;
            }
        }
        if (wanted != candidate) {
            candidate = wanted;
            candidateSince = streamMillis;
        }
        if (candidate != level && streamMillis - candidateSince >= minMillis) {
            level = candidate;
            since = streamMillis;
            return level;
        }
        return null;
    }

    public CongestionLevel level() {
        return level;
    }

    /** Stream time the reported level was entered; {@link Long#MIN_VALUE} while it is the initial free. */
    public long since() {
        return since;
    }

    private static boolean meets(TrafficConfig.LevelRule r, ZoneTraffic t, double h) {
        return atLeast(t.occupancy(), r.occupancy(), h)
                && atLeast(t.stationaryShare(), r.stationaryShare(), h)
                && atMost(t.speedPx(), r.speedPxBelow(), h)
                && atMost(t.speedKmh(), r.speedKmhBelow(), h)
                && atLeast(t.queueVehicles() == null ? null : t.queueVehicles().doubleValue(), r.queueVehicles(), h);
    }

    private static boolean atLeast(Double value, Double bar, double h) {
        return bar == null || value != null && value >= bar * (1 - h);
    }

    private static boolean atLeast(double value, Double bar, double h) {
        return bar == null || value >= bar * (1 - h);
    }

    /** An unknown speed (no vehicle measured) never meets a speed bar: an empty road is not slow. */
    private static boolean atMost(Double value, Double bar, double h) {
        return bar == null || value != null && value <= bar * (1 + h);
    }
}
