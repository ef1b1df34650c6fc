package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.util.OpenCv;

class RegionBlurTest {

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static Mat noise(int w, int h) {
        Mat m = new Mat(h, w, CvType.CV_8UC3);
        Core.setRNGSeed(7);
        Core.randu(m, 0, 256);
        return m;
    }

    private static double meanChange(Mat a, Mat b, Rect r) {
        Mat d = new Mat();
        Core.absdiff(a.submat(r), b.submat(r), d);
        double[] m = Core.mean(d).val;
        return (m[0] + m[1] + m[2]) / 3;
    }

    /** Largest difference between neighbouring pixels: a pixelated-and-blurred region has no sharp edges left. */
    private static double maxStep(Mat m, Rect r) {
        Mat roi = m.submat(r);
        Mat left = roi.colRange(0, r.width - 1);
        Mat right = roi.colRange(1, r.width);
        Mat d = new Mat();
        Core.absdiff(left, right, d);
        return Core.minMaxLoc(d.reshape(1)).maxVal;
    }

    @Test
    void blursInsideTheBoxOnlyAndLeavesNoSharpEdge() {
        Mat original = noise(200, 100);
        Mat frame = original.clone();
        RegionBlur.apply(frame, List.of(new BoundingBox(40.5, 20.2, 80, 40)));
        Rect inside = new Rect(42, 22, 76, 36);
        assertTrue(meanChange(original, frame, inside) > 40, "noise inside must be gone");
        assertTrue(maxStep(frame, inside) < 40, "step " + maxStep(frame, inside));
        assertEquals(0, meanChange(original, frame, new Rect(0, 0, 40, 100)));
        assertEquals(0, meanChange(original, frame, new Rect(122, 0, 78, 100)));
        assertEquals(0, meanChange(original, frame, new Rect(0, 62, 200, 38)));
    }

    @Test
    void boxesReachingPastTheFrameAreClippedAndEmptyOnesSkipped() {
        Mat frame = noise(64, 48);
        Mat original = frame.clone();
        RegionBlur.apply(frame, List.of(new BoundingBox(-10, -10, 30, 30), new BoundingBox(200, 200, 10, 10),
                new BoundingBox(50, 40, 0, 5)));
        assertTrue(meanChange(original, frame, new Rect(0, 0, 20, 20)) > 40);
        assertEquals(0, meanChange(original, frame, new Rect(21, 0, 43, 48)));
    }
}
