package vn.wardwatch.analytics.geometry;

/** A point in frame pixels (x to the right, y down). */
public record Point(double x, double y) {
}
