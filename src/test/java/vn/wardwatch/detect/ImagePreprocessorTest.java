package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import vn.wardwatch.util.OpenCv;

class ImagePreprocessorTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void nanodetStretchesAndNormalisesBgrPlanes() {
        Mat bgr = new Mat(100, 200, CvType.CV_8UC3, new Scalar(10, 120, 250)); // B, G, R
        float[] out = new float[3 * 32 * 32];
        InputMapping m = ImagePreprocessor.stretchNormalized(bgr, 32, 32, ImagePreprocessor.NANODET_MEAN,
                ImagePreprocessor.NANODET_STD, out);
        assertEquals((10 - 103.53) / 57.375, out[0], 1e-4);               // plane 0 = B
        assertEquals((120 - 116.28) / 57.12, out[32 * 32 + 5], 1e-4);     // plane 1 = G
        assertEquals((250 - 123.675) / 58.375, out[2 * 32 * 32 + 7], 1e-4); // plane 2 = R
        assertEquals(new BoundingBox(100, 50, 50, 25), m.toFrame(new BoundingBox(16, 16, 8, 8)));
    }

    @Test
    void yoloLetterboxesRgbOverGrayPadding() {
        Mat bgr = new Mat(100, 200, CvType.CV_8UC3, new Scalar(0, 0, 255)); // pure red, 2:1
        float[] out = new float[3 * 64 * 64];
        InputMapping m = ImagePreprocessor.letterboxRgb(bgr, 64, 64, out);
        // Scaled to 64x32, centred: rows 16..47 hold the image, the rest is gray 114.
        int plane = 64 * 64;
        assertEquals(114 / 255f, out[0], 1e-6);                 // R at (0,0): padding
        assertEquals(1f, out[20 * 64 + 10], 1e-6);              // R inside the image
        assertEquals(0f, out[2 * plane + 20 * 64 + 10], 1e-6);  // B inside the image
        assertEquals(114 / 255f, out[2 * plane + 60 * 64], 1e-6);
        // A box over the whole letterboxed image maps back to the whole frame.
        BoundingBox back = m.toFrame(new BoundingBox(0, 16, 64, 32));
        assertEquals(0, back.x(), 1e-9);
        assertEquals(0, back.y(), 1e-9);
        assertEquals(200, back.width(), 1e-9);
        assertEquals(100, back.height(), 1e-9);
    }

    @Test
    void centernetStretchesToInterleavedRgbUnscaled() {
        Mat bgr = new Mat(30, 40, CvType.CV_8UC3, new Scalar(10, 20, 30)); // B=10 G=20 R=30
        float[] out = new float[8 * 6 * 3];
        InputMapping m = ImagePreprocessor.stretchRgbHwc(bgr, 8, 6, out);
        for (int i = 0; i < 8 * 6; i++) {
            assertEquals(30f, out[3 * i]);
            assertEquals(20f, out[3 * i + 1]);
            assertEquals(10f, out[3 * i + 2]);
        }
        assertEquals(0.2, m.scaleX(), 1e-9);
        assertEquals(0.2, m.scaleY(), 1e-9);
    }
}
