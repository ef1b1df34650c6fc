package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.util.OpenCv;

class MotionGateTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** A textured road-like 640x360 frame with a dark 40x40 square at (x, 150). */
    static Mat frame(int squareX, long noiseSeed) {
        Mat m = new Mat(360, 640, CvType.CV_8UC3, new Scalar(120, 125, 130));
        for (int i = 0; i < 640; i += 80) {
            Imgproc.line(m, new Point(i, 0), new Point(i, 359), new Scalar(200, 200, 200), 3);
        }
        if (squareX >= 0) {
            Imgproc.rectangle(m, new Point(squareX, 150), new Point(squareX + 40, 190), new Scalar(20, 20, 20), -1);
        }
        // Sensor noise of a few grey levels (sd 3, centred by adding then removing 10) must not count as motion.
        Mat noise = new Mat(m.size(), m.type());
        Core.setRNGSeed((int) noiseSeed);
        Core.randn(noise, 10, 3);
        Mat noisy = new Mat();
        Core.add(m, noise, noisy);
        Core.subtract(noisy, new Scalar(10, 10, 10), noisy);
        return noisy;
    }

    @Test
    void stillFramesSkipTheDetectorUntilTheIntervalPasses() {
        try (MotionGate gate = new MotionGate(0.002, 2000)) {
            assertTrue(gate.shouldDetect(frame(100, 1), 0), "first frame always runs the detector");
            for (int i = 1; i <= 15; i++) {
                assertFalse(gate.shouldDetect(frame(100, i + 1), i * 100L), "still frame " + i);
                assertTrue(gate.lastChangedFraction() < 0.002, "fraction " + gate.lastChangedFraction());
            }
            assertTrue(gate.shouldDetect(frame(100, 99), 2000), "keep-alive detection after 2 s");
            assertFalse(gate.shouldDetect(frame(100, 100), 2100));
        }
    }

    @Test
    void movingSquareIsMotion() {
        try (MotionGate gate = new MotionGate(0.002, 60_000)) {
            gate.shouldDetect(frame(100, 1), 0);
            for (int i = 1; i <= 5; i++) {
                assertFalse(gate.shouldDetect(frame(100, i + 1), i * 100L));
            }
            for (int i = 6; i <= 12; i++) {
                int x = 100 + (i - 5) * 30;
                assertTrue(gate.shouldDetect(frame(x, i + 1), i * 100L), "square moved to x=" + x);
                assertTrue(gate.lastChangedFraction() > 0.005, "fraction " + gate.lastChangedFraction());
            }
        }
    }

    @Test
    void streamTimeGoingBackwardsRunsTheDetector() {
        try (MotionGate gate = new MotionGate(0.002, 2000)) {
            gate.shouldDetect(frame(-1, 1), 5000);
            assertFalse(gate.shouldDetect(frame(-1, 2), 5100));
            assertTrue(gate.shouldDetect(frame(-1, 3), 0), "a looping file restarted");
        }
    }

    @Test
    void firstFrameAndSizeChangeRestartTheBackground() {
        try (MotionGate gate = MotionGate.withDefaults()) {
            assertEquals(1.0, gate.changedFraction(frame(100, 1)));
            assertTrue(gate.changedFraction(frame(100, 2)) < 0.002);
            Mat smaller = new Mat();
            Imgproc.resize(frame(100, 3), smaller, new org.opencv.core.Size(320, 240));
            assertEquals(1.0, gate.changedFraction(smaller));
        }
    }
}
