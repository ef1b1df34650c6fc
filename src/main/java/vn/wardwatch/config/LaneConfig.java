package vn.wardwatch.config;

import java.util.List;
import java.util.Set;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.ObjectClass;

/**
 * A traffic lane: where it is, which way traffic must move in it, and which classes may use it.
 *
 * @param directionX unit vector of the allowed direction of travel, in frame pixels (x right, y down)
 * @param classes    classes allowed in the lane; empty means all
 * @param hours      when the class restriction applies; empty means always (the direction always applies)
 */
public record LaneConfig(String id, Polygon polygon, double directionX, double directionY, Set<ObjectClass> classes,
                         List<TimeWindow> hours) {

    public LaneConfig {
        double length = Math.hypot(directionX, directionY);
        if (length == 0) {
            throw new IllegalArgumentException("lane " + id + ": direction has no length");
        }
        directionX /= length;
        directionY /= length;
        classes = Set.copyOf(classes);
        hours = List.copyOf(hours);
    }

    public static LaneConfig of(String id, Polygon polygon, Point from, Point to, Set<ObjectClass> classes,
                                List<TimeWindow> hours) {
        return new LaneConfig(id, polygon, to.x() - from.x(), to.y() - from.y(), classes, hours);
    }

    public boolean allows(ObjectClass c) {
        return classes.isEmpty() || classes.contains(c);
    }
}
