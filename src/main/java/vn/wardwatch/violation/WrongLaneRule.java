package vn.wardwatch.violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.config.TimeWindow;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.track.Track;

/**
 * Using a lane one's class may not use (cars in the motorbike lane, trucks in a bus lane), during the lane's hours.
 * The vehicle must stay in the lane for {@link #MIN_MILLIS} and {@link #MIN_FRAMES} detections, so that a box
 * brushing the lane border while changing lanes is not a violation.
 */
public final class WrongLaneRule implements ViolationRule {

    static final long MIN_MILLIS = 1000;
    static final int MIN_FRAMES = 3;

    private record Entry(String laneId, long millis, BoundingBox box, int frames) {
    }

    private final List<LaneConfig> lanes;
    private final Map<Long, Entry> entries = new HashMap<>();

    public WrongLaneRule(List<LaneConfig> lanes) {
        this.lanes = lanes.stream().filter(l -> !l.classes().isEmpty()).toList();
    }

    @Override
    public ViolationType type() {
        return ViolationType.WRONG_LANE;
    }

    @Override
    public List<Violation> update(List<Track> tracks, RuleFrame frame) {
        List<Violation> found = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.matched() || !RoadUsers.isVehicle(t)) {
                continue;
            }
            LaneConfig lane = Lanes.containing(lanes, t);
            if (lane == null || lane.allows(t.objectClass()) || !TimeWindow.anyContains(lane.hours(), frame.localTime())) {
                entries.remove(t.id());
                continue;
            }
            Entry e = entries.get(t.id());
            if (e == null || !e.laneId.equals(lane.id())) {
                entries.put(t.id(), new Entry(lane.id(), frame.streamMillis(), t.box(), 1));
                continue;
            }
            Entry now = new Entry(e.laneId, e.millis, e.box, e.frames + 1);
            entries.put(t.id(), now);
            if (now.frames >= MIN_FRAMES && frame.streamMillis() - now.millis >= MIN_MILLIS) {
                entries.remove(t.id());
                found.add(Violation.fromTo(ViolationType.WRONG_LANE, t, lane.id(), lane.id(), frame, "start", now.millis,
                        now.box));
            }
        }
        return found;
    }

    @Override
    public List<Violation> forget(Collection<Long> trackIds, RuleFrame frame) {
        trackIds.forEach(entries::remove);
        return List.of();
    }
}
