package vn.wardwatch.violation;

import java.time.Instant;
import java.util.List;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.track.Track;

/**
 * A rule broken by one track, as a rule reports it: enough to find its pictures in the camera's frame ring.
 *
 * @param placeId      the stop line, lane or zone where it happened
 * @param laneId       the lane the vehicle was in, or null
 * @param streamMillis the moment of the violation on the camera's stream timeline
 * @param wallTime     the same moment on the wall clock
 * @param moments      the pictures to keep, in time order
 * @param signal       the signal head's state for red-light violations, else null
 */
public record Violation(ViolationType type, long trackId, ObjectClass objectClass, String placeId, String laneId,
                        long streamMillis, Instant wallTime, List<Moment> moments, SignalState signal) {

    public Violation {
        moments = List.copyOf(moments);
        if (moments.isEmpty()) {
            throw new IllegalArgumentException("a violation needs at least one picture");
        }
    }

    /**
     * A violation shown by two pictures: where it began ({@code firstLabel}, at {@code firstMillis}, box
     * {@code firstBox}) and the current frame ({@code on}), which is also the violation's moment.
     */
    static Violation fromTo(ViolationType type, Track t, String placeId, String laneId, RuleFrame frame,
                            String firstLabel, long firstMillis, BoundingBox firstBox) {
        return new Violation(type, t.id(), t.objectClass(), placeId, laneId, frame.streamMillis(), frame.wallTime(),
                List.of(new Moment(firstLabel, firstMillis, firstBox), new Moment("on", frame.streamMillis(), t.box())),
                null);
    }

    /** The moment the vehicle is shown breaking the rule: the "on" picture, else the last one. */
    public Moment keyMoment() {
        return moments.stream().filter(m -> m.label().equals("on")).findFirst().orElse(moments.get(moments.size() - 1));
    }
}
