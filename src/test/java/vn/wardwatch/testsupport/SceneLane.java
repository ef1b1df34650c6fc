package vn.wardwatch.testsupport;

import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;

/** A lane of a staged scene: its polygon and its allowed direction of travel, from {@code from} towards {@code to}. */
public record SceneLane(String id, Polygon polygon, Point from, Point to) {
}
