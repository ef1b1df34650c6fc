package vn.wardwatch.plate;

import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.RotatedRect;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;

/**
 * A text region as a quadrilateral in image pixels: corners top-left, top-right, bottom-right, bottom-left (in
 * reading order, whatever the tilt), with the detector's mean text probability inside.
 */
record TextBox(Point[] corners, double score) {

    TextBox {
        if (corners.length != 4) {
            throw new IllegalArgumentException("a text box needs 4 corners, got " + corners.length);
        }
    }

    /** The rotated rectangle's corners in reading order: the long side is the baseline. */
    static TextBox of(RotatedRect rect, double score) {
        Point[] p = new Point[4];
        rect.points(p);
        return new TextBox(readingOrder(p), score);
    }

    /** Smallest rotated rectangle around all given points. */
    static TextBox around(Point[] points, double score) {
        return of(Imgproc.minAreaRect(new MatOfPoint2f(points)), score);
    }

    /**
     * Orders 4 corners as top-left, top-right, bottom-right, bottom-left: the two with the smallest x are the left
     * ones, of those the upper is the top-left (PaddleOCR's rule, which holds for tilts under 45 degrees).
     */
    static Point[] readingOrder(Point[] p) {
        Point[] s = p.clone();
        java.util.Arrays.sort(s, (a, b) -> Double.compare(a.x, b.x));
        Point tl = s[0].y <= s[1].y ? s[0] : s[1];
        Point bl = s[0].y <= s[1].y ? s[1] : s[0];
        Point tr = s[2].y <= s[3].y ? s[2] : s[3];
        Point br = s[2].y <= s[3].y ? s[3] : s[2];
        return new Point[] {tl, tr, br, bl};
    }

    /** Length of the top edge: the line's width along its baseline. */
    double width() {
        return (dist(corners[0], corners[1]) + dist(corners[3], corners[2])) / 2;
    }

    /** Length of the left edge: the text's height. */
    double height() {
        return (dist(corners[0], corners[3]) + dist(corners[1], corners[2])) / 2;
    }

    double top() {
        return Math.min(corners[0].y, corners[1].y);
    }

    double bottom() {
        return Math.max(corners[2].y, corners[3].y);
    }

    double left() {
        return Math.min(corners[0].x, corners[3].x);
    }

    double right() {
        return Math.max(corners[1].x, corners[2].x);
    }

    double centerY() {
        return (corners[0].y + corners[1].y + corners[2].y + corners[3].y) / 4;
    }

    BoundingBox bounds() {
        return BoundingBox.fromCorners(left(), top(), right(), bottom());
    }

    TextBox translate(double dx, double dy) {
        Point[] p = new Point[4];
        for (int i = 0; i < 4; i++) {
            p[i] = new Point(corners[i].x + dx, corners[i].y + dy);
        }
        return new TextBox(p, score);
    }

    private static double dist(Point a, Point b) {
        return Math.hypot(a.x - b.x, a.y - b.y);
    }
}
