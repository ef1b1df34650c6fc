package vn.wardwatch.config;

import java.util.Set;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.ObjectClass;

/** A zone where vehicles may not stand longer than {@code maxDwellSeconds}. Empty classes means all vehicles. */
public record NoStoppingZoneConfig(String id, Polygon polygon, double maxDwellSeconds, Set<ObjectClass> classes) {
}
