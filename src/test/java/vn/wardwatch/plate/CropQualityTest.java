package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.util.OpenCv;

class CropQualityTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** A side x side crop with a fine checkerboard, optionally blurred. */
    private static Mat crop(int side, boolean blurred) {
        Mat m = new Mat(side, side, CvType.CV_8UC3, new Scalar(90, 90, 90));
        for (int y = 0; y < side; y += 2) {
            for (int x = 0; x < side; x += 2) {
                m.put(y, x, 230, 230, 230);
            }
        }
        if (blurred) {
            Imgproc.GaussianBlur(m, m, new Size(7, 7), 3);
        }
        return m;
    }

    private static double score(int side, boolean blurred) {
        Mat m = crop(side, blurred);
        try {
            return CropQuality.score(m, new BoundingBox(0, 0, side, side));
        } finally {
            m.release();
        }
    }

    @Test
    void aSharpCropBeatsABlurredOneOfTheSameSize() {
        assertTrue(score(40, false) > 10 * score(40, true));
    }

    @Test
    void aLargerVehicleBeatsASmallerOneOfTheSameSharpness() {
        assertTrue(score(80, false) > score(40, false));
    }

    @Test
    void aFlatCropScoresZero() {
        Mat flat = new Mat(40, 40, CvType.CV_8UC3, new Scalar(120, 120, 120));
        try {
            assertEquals(0, CropQuality.score(flat, new BoundingBox(0, 0, 40, 40)));
        } finally {
            flat.release();
        }
    }
}
