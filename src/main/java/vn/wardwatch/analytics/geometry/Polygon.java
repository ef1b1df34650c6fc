package vn.wardwatch.analytics.geometry;

import java.util.List;

/** A simple polygon in frame pixels. */
public record Polygon(List<Point> points) {

    public Polygon {
        points = List.copyOf(points);
    }

    /** Even-odd ray casting; points on an edge may fall either way. */
    public boolean contains(double x, double y) {
        boolean inside = false;
        int n = points.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            Point pi = points.get(i);
            Point pj = points.get(j);
            if ((pi.y() > y) != (pj.y() > y)
                    && x < (pj.x() - pi.x()) * (y - pi.y()) / (pj.y() - pi.y()) + pi.x()) {
                inside = !inside;
            }
        }
        return inside;
    }
}
