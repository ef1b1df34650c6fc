package vn.wardwatch.violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.StopLineConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.track.Track;

/**
 * Running a red light: the vehicle's front ({@link RoadUsers#front}) crosses a stop line in its "through" direction
 * while the line's signal head shows red, and has shown it for longer than the grace period. Yellow counts only when
 * configured. A signal in an UNKNOWN state never makes a violation: no evidence without a known light.
 *
 * <p>Three pictures: the last frame with the front clearly before the line, the frame it crossed, and a frame with
 * it clearly past the line (or {@link #PAST_WAIT_MILLIS} later, or the track's last frame if it vanishes first), so
 * the officer sees it go on through rather than stop on the line. Like counting, a band of {@link #DEAD_BAND_PX}
 * around the line belongs to neither side, and only detector-matched positions count.
 */
public final class RedLightRule implements ViolationRule {

    static final double DEAD_BAND_PX = 3;
    /** The "past" picture once the front is this share of the box height beyond the line. */
    static final double PAST_BOX_SHARE = 0.5;
    static final long PAST_WAIT_MILLIS = 1500;

    private record Position(int side, Point front, long millis, BoundingBox box) {
    }

    private record Pending(Violation crossing) {
    }

    private final List<StopLineConfig> stopLines;
    private final long graceMillis;
    private final boolean yellowIsViolation;
    /** Per stop line: each track's last clear position, and crossings waiting for their "past" picture. */
    private final Map<String, Map<Long, Position>> lastClear = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();

    public RedLightRule(List<StopLineConfig> stopLines, double graceSeconds, boolean yellowIsViolation) {
        this.stopLines = List.copyOf(stopLines);
        this.graceMillis = Math.round(graceSeconds * 1000);
        this.yellowIsViolation = yellowIsViolation;
        stopLines.forEach(l -> lastClear.put(l.id(), new HashMap<>()));
    }

    @Override
    public ViolationType type() {
        return ViolationType.RED_LIGHT;
    }

    @Override
    public List<Violation> update(List<Track> tracks, RuleFrame frame) {
        List<Violation> done = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.matched() || !RoadUsers.isVehicle(t)) {
                continue;
            }
            Pending p = pending.get(t.id());
            if (p != null) {
                if (clearlyPast(p.crossing, t, frame.streamMillis())) {
                    pending.remove(t.id());
                    done.add(withMoment(p.crossing, new Moment("past", frame.streamMillis(), t.box())));
                }
                continue;
            }
            for (StopLineConfig line : stopLines) {
                Violation v = crossing(line, t, frame);
                if (v != null) {
                    pending.put(t.id(), new Pending(v));
                    break;
                }
            }
        }
        return done;
    }

    /** A red-light crossing of {@code line} by {@code t} in this frame, still without its "past" picture. */
    private Violation crossing(StopLineConfig line, Track t, RuleFrame frame) {
        LineSegment segment = line.segment();
        Point front = RoadUsers.front(t);
        double d = segment.signedDistance(front);
        int side = d > DEAD_BAND_PX ? 1 : d < -DEAD_BAND_PX ? -1 : 0;
        if (side == 0) {
            return null;
        }
        Map<Long, Position> clear = lastClear.get(line.id());
        Position previous = clear.put(t.id(), new Position(side, front, frame.streamMillis(), t.box()));
        if (previous == null || previous.side == side || !segment.crossedBy(previous.front, front)) {
            return null;
        }
        // Positive distance is the line's left-hand side: arriving there is "in".
        String direction = side > 0 ? "in" : "out";
        if (line.through() != null && !line.through().equals(direction)) {
            return null;
        }
        Optional<SignalState> signal = frame.signals().state(line.signalId());
        if (signal.isEmpty() || !runs(signal.get(), frame.streamMillis())) {
            return null;
        }
        List<Moment> moments = List.of(new Moment("before", previous.millis, previous.box),
                new Moment("on", frame.streamMillis(), t.box()));
        return new Violation(ViolationType.RED_LIGHT, t.id(), t.objectClass(), line.id(), line.laneId(),
                frame.streamMillis(), frame.wallTime(), moments, signal.get());
    }

    private boolean runs(SignalState signal, long streamMillis) {
        boolean stopColour = signal.colour() == SignalColour.RED
                || (yellowIsViolation && signal.colour() == SignalColour.YELLOW);
        return stopColour && signal.heldMillis(streamMillis) > graceMillis;
    }

    private boolean clearlyPast(Violation crossing, Track t, long streamMillis) {
        StopLineConfig line = stopLines.stream().filter(l -> l.id().equals(crossing.placeId())).findFirst()
                .orElseThrow();
        double beyond = Math.abs(line.segment().signedDistance(RoadUsers.front(t)));
        return beyond >= PAST_BOX_SHARE * t.box().height() || streamMillis - crossing.streamMillis() >= PAST_WAIT_MILLIS;
    }

    private static Violation withMoment(Violation v, Moment extra) {
        List<Moment> moments = new ArrayList<>(v.moments());
        moments.add(extra);
        return new Violation(v.type(), v.trackId(), v.objectClass(), v.placeId(), v.laneId(), v.streamMillis(),
                v.wallTime(), moments, v.signal());
    }

    @Override
    public List<Violation> forget(Collection<Long> trackIds, RuleFrame frame) {
        List<Violation> done = new ArrayList<>();
        for (Long id : trackIds) {
            Pending p = pending.remove(id);
            if (p != null) {
                // Gone before it was clearly past: the crossing stands on its two pictures.
                done.add(p.crossing);
            }
            lastClear.values().forEach(m -> m.remove(id));
        }
        return done;
    }
}
