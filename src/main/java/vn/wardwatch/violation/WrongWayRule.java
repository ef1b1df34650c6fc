package vn.wardwatch.violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.track.Track;

/**
 * Driving the wrong way: in a lane, the vehicle's anchor moves against the lane's direction by at least
 * {@code minDistancePx} over at least {@code minSeconds}. Progress is measured from the furthest point the track
 * reached along the lane, so moving with the traffic, standing, and box jitter never add up to it, and a vehicle
 * that turns around is caught once it has gone far enough back.
 */
public final class WrongWayRule implements ViolationRule {

    private record Furthest(String laneId, double along, long millis, BoundingBox box) {
    }

    private final List<LaneConfig> lanes;
    private final double minDistancePx;
    private final long minMillis;
    private final Map<Long, Furthest> furthest = new HashMap<>();

    public WrongWayRule(List<LaneConfig> lanes, double minDistancePx, double minSeconds) {
        this.lanes = List.copyOf(lanes);
        this.minDistancePx = minDistancePx;
        this.minMillis = Math.round(minSeconds * 1000);
    }

    @Override
    public ViolationType type() {
        return ViolationType.WRONG_WAY;
    }

    @Override
    public List<Violation> update(List<Track> tracks, RuleFrame frame) {
        List<Violation> found = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.matched() || !RoadUsers.isVehicle(t)) {
                continue;
            }
            LaneConfig lane = Lanes.containing(lanes, t);
            if (lane == null) {
                furthest.remove(t.id());
                continue;
            }
            double along = t.anchorX() * lane.directionX() + t.anchorY() * lane.directionY();
            Furthest f = furthest.get(t.id());
            if (f == null || !f.laneId.equals(lane.id()) || along >= f.along) {
                furthest.put(t.id(), new Furthest(lane.id(), along, frame.streamMillis(), t.box()));
                continue;
            }
            if (f.along - along >= minDistancePx && frame.streamMillis() - f.millis >= minMillis) {
                furthest.remove(t.id());
                found.add(Violation.fromTo(ViolationType.WRONG_WAY, t, lane.id(), lane.id(), frame, "start", f.millis,
                        f.box));
            }
        }
        return found;
    }

    @Override
    public List<Violation> forget(Collection<Long> trackIds, RuleFrame frame) {
        trackIds.forEach(furthest::remove);
        return List.of();
    }
}
