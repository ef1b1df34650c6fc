package vn.wardwatch.violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.RestrictedZoneConfig;
import vn.wardwatch.config.TimeWindow;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.track.Track;

/**
 * A banned class entering a restricted zone during its hours (trucks in the city centre at rush hour). Entering
 * means the anchor was seen outside and is then inside for {@link #MIN_FRAMES} detections; a vehicle first seen
 * already inside (it was parked there, or the camera just started) did not enter under our eyes and is not flagged.
 */
public final class RestrictedZoneRule implements ViolationRule {

    static final int MIN_FRAMES = 2;

    private record Seen(boolean inside, long outsideMillis, BoundingBox outsideBox, int insideFrames) {
    }

    private final List<RestrictedZoneConfig> zones;
    /** Per zone, per track. */
    private final Map<String, Map<Long, Seen>> seen = new HashMap<>();

    public RestrictedZoneRule(List<RestrictedZoneConfig> zones) {
        this.zones = List.copyOf(zones);
        zones.forEach(z -> seen.put(z.id(), new HashMap<>()));
    }

    @Override
    public ViolationType type() {
        return ViolationType.RESTRICTED_ZONE;
    }

    @Override
    public List<Violation> update(List<Track> tracks, RuleFrame frame) {
        List<Violation> found = new ArrayList<>();
        for (RestrictedZoneConfig zone : zones) {
            boolean active = TimeWindow.anyContains(zone.hours(), frame.localTime());
            Map<Long, Seen> byTrack = seen.get(zone.id());
            for (Track t : tracks) {
                if (!t.matched()) {
                    continue;
                }
                boolean inside = zone.polygon().contains(t.anchorX(), t.anchorY());
                Seen s = byTrack.get(t.id());
                if (!inside) {
                    byTrack.put(t.id(), new Seen(false, frame.streamMillis(), t.box(), 0));
                    continue;
                }
                if (s == null) {
                    byTrack.put(t.id(), new Seen(true, -1, null, 1));
                    continue;
                }
                Seen now = new Seen(true, s.outsideMillis, s.outsideBox, s.insideFrames + 1);
                byTrack.put(t.id(), now);
                boolean entered = now.outsideBox != null && now.insideFrames == MIN_FRAMES;
                if (entered && active && zone.bannedClasses().contains(t.objectClass())) {
                    found.add(Violation.fromTo(ViolationType.RESTRICTED_ZONE, t, zone.id(), null, frame, "before",
                            now.outsideMillis, now.outsideBox));
                }
            }
        }
        return found;
    }

    @Override
    public List<Violation> forget(Collection<Long> trackIds, RuleFrame frame) {
        seen.values().forEach(m -> trackIds.forEach(m::remove));
        return List.of();
    }
}
