package vn.wardwatch.warning;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.config.TrafficConfig;

/**
 * Raises, updates and clears the warnings of one zone:
 * <ul>
 *   <li>congestion: raised when the (already steadied) level reaches congested, updated when it changes between
 *       congested and jammed, cleared when it falls below congested;</li>
 *   <li>crowd: raised when the people count has stayed at or above the bar for the rule's seconds; updated when it
 *       moves by a fifth (at least 2) from the last reported count; cleared when it has stayed below the bar less
 *       the hysteresis for the camera's min_seconds;</li>
 *   <li>surge: raised when the count rose by the rule's rise within its seconds: the count held over the last
 *       second (its lowest there, so a one-frame detector flicker is no surge) minus the lowest of the window; only
 *       once a whole window has been seen (the first frames after a start rise from nothing); updated when it
 *       climbs half a rise above the last report; cleared when no such rise has been seen for the window (or
 *       min_seconds, whichever is longer).</li>
 * </ul>
 * Updates are at most one per min_seconds per warning, so a noisy count does not flood the operations centre.
 * Time is the stream's; not thread-safe: the camera's thread.
 */
public final class WarningWatch {

    private final String cameraId;
    private final TrafficConfig.Zone config;
    private final double hysteresis;
    private final long minMillis;

    private Warning congestion;
    private Warning crowd;
    private long crowdAboveSince = -1;
    private long crowdBelowSince = -1;
    private long crowdUpdatedAt;
    private int crowdReported;
    private Warning surge;
    /** A surge must hold this long, so that a one-frame flicker of the detector is none. */
    static final long SURGE_HOLD_MILLIS = 1000;

    private final Deque<long[]> history = new ArrayDeque<>(); // {stream millis, people}
    private long firstSeen = -1;
    private long surgeLastSeen;
    private long surgeUpdatedAt;
    private int surgePeak;

    public WarningWatch(String cameraId, TrafficConfig.Zone config, double hysteresis, double minSeconds) {
        this.cameraId = cameraId;
        this.config = config;
        this.hysteresis = hysteresis;
        this.minMillis = Math.round(minSeconds * 1000);
    }

    /**
     * Feeds one frame.
     *
     * @param levelChange the zone's new reported level at this frame, or null when it did not change
     */
    public List<Warning> update(ZoneTraffic t, CongestionLevel levelChange, long streamMillis, Instant wallTime) {
        List<Warning> out = new ArrayList<>();
        if (levelChange != null) {
            congestion(t, levelChange, wallTime, out);
        }
        if (config.crowd() != null) {
            crowd(t, streamMillis, wallTime, out);
        }
        if (config.surge() != null) {
            surge(t, streamMillis, wallTime, out);
        }
        return out;
    }

    /**
     * The camera's analysis stops: every open warning of this zone is cleared at {@code wallTime} (reason
     * {@link Warning#ANALYSIS_STOPPED}), since no one would clear it later. Not fed afterwards: a camera started
     * again (elsewhere, or after a restart) gets a new watch.
     */
    public List<Warning> stop(Instant wallTime) {
        List<Warning> out = new ArrayList<>();
        for (Warning w : new Warning[] {congestion, crowd, surge}) {
            if (w != null) {
                out.add(w.clearedBecause(Warning.ANALYSIS_STOPPED, wallTime));
            }
        }
        congestion = null;
        crowd = null;
        surge = null;
        return out;
    }

    /** Active warnings of this zone. */
    public int active() {
        return (congestion != null ? 1 : 0) + (crowd != null ? 1 : 0) + (surge != null ? 1 : 0);
    }

    private void congestion(ZoneTraffic t, CongestionLevel level, Instant wallTime, List<Warning> out) {
        boolean bad = level.compareTo(CongestionLevel.CONGESTED) >= 0;
        if (bad && congestion == null) {
            congestion = raise(Warning.CONGESTION, level, t.toMap(), wallTime);
            out.add(congestion);
        } else if (congestion != null) {
            congestion = next(congestion, bad ? Warning.UPDATED : Warning.CLEARED, level, t.toMap(), wallTime);
            out.add(congestion);
            if (!bad) {
                congestion = null;
            }
        }
    }

    private void crowd(ZoneTraffic t, long now, Instant wallTime, List<Warning> out) {
        TrafficConfig.CrowdRule rule = config.crowd();
        int people = t.people();
        if (crowd == null) {
            if (people < rule.people()) {
                crowdAboveSince = -1;
                return;
            }
            if (crowdAboveSince < 0) {
                crowdAboveSince = now;
            }
            if (now - crowdAboveSince >= Math.round(rule.seconds() * 1000)) {
                crowd = raise(Warning.CROWD, null, crowdMetrics(t), wallTime);
                crowdReported = people;
                crowdUpdatedAt = now;
                crowdBelowSince = -1;
                out.add(crowd);
            }
            return;
        }
        if (people < rule.people() * (1 - hysteresis)) {
            if (crowdBelowSince < 0) {
                crowdBelowSince = now;
            }
            if (now - crowdBelowSince >= minMillis) {
                out.add(next(crowd, Warning.CLEARED, null, crowdMetrics(t), wallTime));
                crowd = null;
                crowdAboveSince = -1;
            }
            return;
        }
        crowdBelowSince = -1;
        if (Math.abs(people - crowdReported) >= Math.max(2, crowdReported / 5.0)
                && now - crowdUpdatedAt >= Math.max(minMillis, 1000)) {
            crowd = next(crowd, Warning.UPDATED, null, crowdMetrics(t), wallTime);
            crowdReported = people;
            crowdUpdatedAt = now;
            out.add(crowd);
        }
    }

    private Map<String, Object> crowdMetrics(ZoneTraffic t) {
        Map<String, Object> m = t.toMap();
        m.put("threshold", config.crowd().people());
        return m;
    }

    private void surge(ZoneTraffic t, long now, Instant wallTime, List<Warning> out) {
        TrafficConfig.SurgeRule rule = config.surge();
        long window = Math.round(rule.seconds() * 1000);
        if (firstSeen < 0) {
            firstSeen = now;
        }
        history.addLast(new long[] {now, t.people()});
        while (history.peekFirst()[0] < now - window) {
            history.removeFirst();
        }
        long lowest = Long.MAX_VALUE;
        long held = Long.MAX_VALUE;
        for (long[] h : history) {
            lowest = Math.min(lowest, h[1]);
            if (h[0] >= now - SURGE_HOLD_MILLIS) {
                held = Math.min(held, h[1]);
            }
        }
        int people = (int) held;
        long rise = people - lowest;
        boolean rising = rise >= rule.rise() && now - firstSeen >= window;
        if (rising) {
            surgeLastSeen = now;
        }
        if (surge == null) {
            if (rising) {
                surge = raise(Warning.SURGE, null, surgeMetrics(t, rise, lowest), wallTime);
                surgePeak = people;
                surgeUpdatedAt = now;
                out.add(surge);
            }
            return;
        }
        if (!rising && now - surgeLastSeen >= Math.max(window, minMillis)) {
            out.add(next(surge, Warning.CLEARED, null, surgeMetrics(t, rise, lowest), wallTime));
            surge = null;
        } else if (people - surgePeak >= Math.max(1, rule.rise() / 2.0)
                && now - surgeUpdatedAt >= Math.max(minMillis, 1000)) {
            surge = next(surge, Warning.UPDATED, null, surgeMetrics(t, rise, lowest), wallTime);
            surgePeak = people;
            surgeUpdatedAt = now;
            out.add(surge);
        }
    }

    private Map<String, Object> surgeMetrics(ZoneTraffic t, long rise, long lowest) {
        Map<String, Object> m = t.toMap();
        m.put("heldPeople", lowest + rise);
        m.put("rise", rise);
        m.put("from", lowest);
        m.put("windowSeconds", config.surge().seconds());
        return m;
    }

    private Warning raise(String kind, CongestionLevel level, Map<String, Object> metrics, Instant wallTime) {
        return new Warning(UUID.randomUUID().toString(), cameraId, config.id(), kind, Warning.RAISED,
                level == null ? null : level.wireName(), wallTime, null, wallTime, new LinkedHashMap<>(metrics),
                true);
    }

    private static Warning next(Warning w, String state, CongestionLevel level, Map<String, Object> metrics,
                                Instant wallTime) {
        return new Warning(w.id(), w.cameraId(), w.zoneId(), w.kind(), state,
                level == null ? w.level() : level.wireName(), w.raisedAt(),
                Warning.CLEARED.equals(state) ? wallTime : null, wallTime, new LinkedHashMap<>(metrics), w.snapshot());
    }
}
