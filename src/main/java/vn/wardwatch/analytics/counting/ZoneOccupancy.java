package vn.wardwatch.analytics.counting;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/**
 * How many tracks of each class stand in one zone in the current frame, judged by the bottom-centre anchor (where
 * the object touches the road), not by box overlap: a tall bus in the next lane overlaps a zone without being in it.
 * Coasting tracks (briefly unseen) still count, so occupancy does not flicker on a missed detection.
 */
public final class ZoneOccupancy {

    private final ZoneConfig config;

    public ZoneOccupancy(ZoneConfig config) {
        this.config = config;
    }

    public String zoneId() {
        return config.id();
    }

    /** Per-class counts; classes with no track in the zone are absent. */
    public Map<ObjectClass, Integer> count(List<Track> tracks) {
        Map<ObjectClass, Integer> counts = new EnumMap<>(ObjectClass.class);
        for (Track track : tracks) {
            boolean classCounted = config.classes() == null || config.classes().isEmpty()
                    || config.classes().contains(track.objectClass());
            if (classCounted && config.polygon().contains(track.anchorX(), track.anchorY())) {
                counts.merge(track.objectClass(), 1, Integer::sum);
            }
        }
        return Collections.unmodifiableMap(counts);
    }
}
