package vn.wardwatch.analytics.geometry;

/** A directed segment from {@code a} to {@code b}. */
public record LineSegment(Point a, Point b) {

    /**
     * Which side of the infinite line through the segment {@code p} lies on: positive on the left-hand side when
     * walking from a to b in image coordinates (y down), negative on the right, 0 on the line. The magnitude is the
     * distance in pixels.
     */
    public double signedDistance(Point p) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double len = Math.hypot(dx, dy);
        // In image coordinates (y down) the cross product's sign is flipped against the usual maths convention.
        return -((dx * (p.y() - a.y()) - dy * (p.x() - a.x())) / len);
    }

    public double length() {
        return Math.hypot(b.x() - a.x(), b.y() - a.y());
    }

    /** Whether the path from {@code from} to {@code to}, which lie on opposite sides, meets the segment itself. */
    public boolean crossedBy(Point from, Point to) {
        double dFrom = signedDistance(from);
        double dTo = signedDistance(to);
        double s = dFrom / (dFrom - dTo);
        double cx = from.x() + s * (to.x() - from.x());
        double cy = from.y() + s * (to.y() - from.y());
        double ex = b.x() - a.x();
        double ey = b.y() - a.y();
        double t = ((cx - a.x()) * ex + (cy - a.y()) * ey) / (ex * ex + ey * ey);
        return t >= 0 && t <= 1;
    }
}
