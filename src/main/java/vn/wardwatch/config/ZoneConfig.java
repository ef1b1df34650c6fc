package vn.wardwatch.config;

import java.util.Set;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.ObjectClass;

/** A zone whose occupancy is reported, by the bottom-centre anchor of each track. Empty classes means all. */
public record ZoneConfig(String id, Polygon polygon, Set<ObjectClass> classes) {
}
