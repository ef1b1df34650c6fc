package vn.wardwatch.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.opencv.core.Rect;
import vn.wardwatch.detect.BoundingBox;

class PixelRectsTest {

    @Test
    void roundsOutwardAndClipsToTheImage() {
        assertEquals(new Rect(10, 20, 31, 12), PixelRects.enclosing(new BoundingBox(10.4, 20.9, 30, 10.5), 100, 100));
        assertEquals(new Rect(0, 0, 50, 40), PixelRects.enclosing(new BoundingBox(-5, -3, 80, 60), 50, 40));
    }

    @Test
    void grownAddsTheShareOfWidthAndHeightOnEverySide() {
        assertEquals(new BoundingBox(90, 45, 120, 60), new BoundingBox(100, 50, 100, 50).grown(0.1));
    }
}
