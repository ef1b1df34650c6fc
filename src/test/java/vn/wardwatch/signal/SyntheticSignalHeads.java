package vn.wardwatch.signal;

import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.plate.SyntheticPlates;

/**
 * Draws vertical three-lamp signal heads into a street-grey frame: dark housing, dim unlit lamps, the lit one bright
 * with a glow and an over-exposed core, optionally a countdown number in the lit colour beside it, then blur and
 * sensor noise, as a camera would see them.
 */
final class SyntheticSignalHeads {

    /** A frame and where the head is in it. */
    record Scene(Mat frame, BoundingBox head) {
    }

    // BGR. Lit colours as LED heads look on camera: pinkish red, amber, cyan-ish green.
    static final Scalar LIT_RED = new Scalar(50, 30, 255);
    static final Scalar LIT_AMBER = new Scalar(0, 170, 255);
    static final Scalar LIT_GREEN = new Scalar(170, 255, 40);
    static final Scalar DIM_RED = new Scalar(20, 20, 55);
    static final Scalar DIM_AMBER = new Scalar(15, 40, 55);
    static final Scalar DIM_GREEN = new Scalar(40, 50, 20);

    private SyntheticSignalHeads() {
    }

    /** A head of width x height pixels with the given lamp lit (UNKNOWN: all dark). */
    static Scene draw(SignalColour lit, int width, int height, boolean countdown, long seed) {
        int headWidth = countdown ? width * 2 : width;
        Mat frame = new Mat(height + 40, headWidth + 40, CvType.CV_8UC3, new Scalar(120, 125, 130));
        Rect head = new Rect(20, 20, headWidth, height);
        Imgproc.rectangle(frame, head, new Scalar(28, 28, 28), -1);
        double r = Math.max(1.5, Math.min(width, height / 3.0) * 0.38);
        Scalar[] dim = {DIM_RED, DIM_AMBER, DIM_GREEN};
        Scalar[] bright = {LIT_RED, LIT_AMBER, LIT_GREEN};
        int litIndex = switch (lit) {
            case RED -> 0;
            case YELLOW -> 1;
            case GREEN -> 2;
            case UNKNOWN -> -1;
        };
        for (int i = 0; i < 3; i++) {
            Point c = new Point(head.x + width / 2.0, head.y + height * (i + 0.5) / 3.0);
            if (i != litIndex) {
                Imgproc.circle(frame, c, (int) Math.round(r), dim[i], -1);
                continue;
            }
            Imgproc.circle(frame, c, (int) Math.round(r * 1.2), scaled(bright[i], 0.6), -1); // glow
            Imgproc.circle(frame, c, (int) Math.round(r), bright[i], -1);
            Imgproc.circle(frame, c, (int) Math.max(1, Math.round(r * 0.4)), new Scalar(235, 240, 245), -1);
            if (countdown) {
                // Vietnamese heads: seconds left, in the lit colour, beside the lamp.
                double scale = Math.max(0.2, height / 120.0);
                Imgproc.putText(frame, "25", new Point(head.x + width + 1, c.y + 8 * scale),
                        Imgproc.FONT_HERSHEY_SIMPLEX, scale, bright[i], Math.max(1, (int) Math.round(scale * 2)));
            }
        }
        // Optics and sensor: blur growing with the head's size, noise of 6 grey levels.
        Mat seen = SyntheticPlates.degrade(frame, Math.max(0.6, Math.min(width, height) / 24.0), 6, seed);
        frame.release();
        // The region a user draws is rarely exact: a pixel or two of slack around the head.
        Random jitter = new Random(seed);
        double slack = 1 + jitter.nextInt(2);
        return new Scene(seen, new BoundingBox(head.x - slack, head.y - slack, head.width + 2 * slack,
                head.height + 2 * slack));
    }

    private static Scalar scaled(Scalar s, double f) {
        return new Scalar(s.val[0] * f, s.val[1] * f, s.val[2] * f);
    }
}
