package vn.wardwatch.detect;

/** Axis-aligned box in frame pixels: top-left corner plus size. */
public record BoundingBox(double x, double y, double width, double height) {

    public static BoundingBox fromCorners(double x1, double y1, double x2, double y2) {
        return new BoundingBox(x1, y1, x2 - x1, y2 - y1);
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return Math.max(0, width) * Math.max(0, height);
    }

    public double centerX() {
        return x + width / 2;
    }

    public double centerY() {
        return y + height / 2;
    }

    /** Intersection over union; 0 when the boxes do not overlap. */
    public double iou(BoundingBox other) {
        double ix = Math.min(right(), other.right()) - Math.max(x, other.x);
        double iy = Math.min(bottom(), other.bottom()) - Math.max(y, other.y);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / (area() + other.area() - inter);
    }

    public BoundingBox scale(double sx, double sy) {
        return new BoundingBox(x * sx, y * sy, width * sx, height * sy);
    }

    /** This box grown on every side by {@code fraction} of its width (left, right) and height (top, bottom). */
    public BoundingBox grown(double fraction) {
        double dx = width * fraction;
        double dy = height * fraction;
        return new BoundingBox(x - dx, y - dy, width + 2 * dx, height + 2 * dy);
    }

    public BoundingBox clip(double maxWidth, double maxHeight) {
        double x1 = Math.max(0, Math.min(maxWidth, x));
        double y1 = Math.max(0, Math.min(maxHeight, y));
        double x2 = Math.max(0, Math.min(maxWidth, right()));
        double y2 = Math.max(0, Math.min(maxHeight, bottom()));
        return fromCorners(x1, y1, x2, y2);
    }
}
