package vn.wardwatch.violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.NoStoppingZoneConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.track.Track;

/**
 * Stopping or parking where it is not allowed: a vehicle stationary (the tracker's own judgement, over a few
 * seconds) with its anchor in a no-stopping zone for longer than the zone's limit. Moving off restarts the clock.
 * Tracks need not be matched in every frame: on frames the motion gate skips, nothing moved, so a parked vehicle's
 * last position still holds.
 */
public final class IllegalStoppingRule implements ViolationRule {

    private record Dwell(String zoneId, long sinceMillis, BoundingBox box) {
    }

    private final List<NoStoppingZoneConfig> zones;
    private final Map<Long, Dwell> dwells = new HashMap<>();

    public IllegalStoppingRule(List<NoStoppingZoneConfig> zones) {
        this.zones = List.copyOf(zones);
    }

    @Override
    public ViolationType type() {
        return ViolationType.ILLEGAL_STOPPING;
    }

    @Override
    public List<Violation> update(List<Track> tracks, RuleFrame frame) {
        List<Violation> found = new ArrayList<>();
        for (Track t : tracks) {
            NoStoppingZoneConfig zone = t.stationary() && RoadUsers.isVehicle(t) ? zoneOf(t) : null;
            if (zone == null) {
                dwells.remove(t.id());
                continue;
            }
            Dwell d = dwells.get(t.id());
            if (d == null || !d.zoneId.equals(zone.id())) {
                dwells.put(t.id(), new Dwell(zone.id(), frame.streamMillis(), t.box()));
                continue;
            }
            if (frame.streamMillis() - d.sinceMillis > Math.round(zone.maxDwellSeconds() * 1000)) {
                dwells.remove(t.id());
                found.add(Violation.fromTo(ViolationType.ILLEGAL_STOPPING, t, zone.id(), null, frame, "start",
                        d.sinceMillis, d.box));
            }
        }
        return found;
    }

    private NoStoppingZoneConfig zoneOf(Track t) {
        for (NoStoppingZoneConfig z : zones) {
            boolean classApplies = z.classes().isEmpty() || z.classes().contains(t.objectClass());
            if (classApplies && z.polygon().contains(t.anchorX(), t.anchorY())) {
                return z;
            }
        }
        return null;
    }

    @Override
    public List<Violation> forget(Collection<Long> trackIds, RuleFrame frame) {
        trackIds.forEach(dwells::remove);
        return List.of();
    }
}
