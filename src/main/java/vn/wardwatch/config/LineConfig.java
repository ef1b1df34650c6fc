package vn.wardwatch.config;

import java.util.Set;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.detect.ObjectClass;

/**
 * A count line. Direction {@code in} is a crossing from the right-hand side to the left-hand side of the
 * segment when walking from its first point to its second (image coordinates, y down); {@code out} is the reverse.
 *
 * @param directions which directions are counted ({@code in}, {@code out} or both)
 * @param classes    classes counted; empty means all
 */
public record LineConfig(String id, LineSegment segment, Set<String> directions, Set<ObjectClass> classes) {
}
