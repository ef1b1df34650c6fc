package vn.wardwatch.config;

import java.util.List;
import java.util.Set;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.ObjectClass;

/** A zone that {@code bannedClasses} may not enter during {@code hours} (empty: at any time). */
public record RestrictedZoneConfig(String id, Polygon polygon, Set<ObjectClass> bannedClasses,
                                   List<TimeWindow> hours) {
}
