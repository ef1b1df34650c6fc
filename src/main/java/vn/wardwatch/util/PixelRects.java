package vn.wardwatch.util;

import org.opencv.core.Rect;
import vn.wardwatch.detect.BoundingBox;

/** From boxes in (fractional) pixels to the whole-pixel rectangles OpenCV cuts images with. */
public final class PixelRects {

    private PixelRects() {
    }

    /** The smallest whole-pixel rectangle holding {@code box}, clipped to a {@code cols} x {@code rows} image. */
    public static Rect enclosing(BoundingBox box, int cols, int rows) {
        BoundingBox b = box.clip(cols, rows);
        int x = (int) Math.floor(b.x());
        int y = (int) Math.floor(b.y());
        return new Rect(x, y, (int) Math.ceil(b.right()) - x, (int) Math.ceil(b.bottom()) - y);
    }
}
