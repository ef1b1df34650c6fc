package vn.wardwatch.analytics.counting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;

/**
 * What one frame produced for one camera.
 *
 * @param events        line crossings completed in this frame
 * @param zoneOccupancy zone id (in config order) to per-class track counts; classes with none are absent
 */
public record AnalyticsResult(List<CountEvent> events, Map<String, Map<ObjectClass, Integer>> zoneOccupancy) {

    public AnalyticsResult {
        events = List.copyOf(events);
        zoneOccupancy = Collections.unmodifiableMap(new LinkedHashMap<>(zoneOccupancy));
    }
}
