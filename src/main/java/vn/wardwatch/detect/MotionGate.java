package vn.wardwatch.detect;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cheap per-camera motion check that lets a camera skip the detector on still frames. The frame is shrunk to about
 * 160 px wide, turned gray and blurred, and compared with a running-average background; the share of pixels that
 * changed by more than {@link #PIXEL_DELTA} grey levels is the motion measure. The detector still runs every
 * {@code maxIntervalMillis} of stream time without motion, so that stationary objects stay tracked.
 * <p>
 * One instance per camera; not thread-safe. Holds small native buffers: {@link #close()} frees them.
 */
public final class MotionGate implements AutoCloseable {

    /** Width of the analysis image; enough to see a motorbike, cheap enough to ignore. */
    public static final int WIDTH = 160;
    /** Grey-level change that counts as a changed pixel; above sensor noise after the blur. */
    public static final int PIXEL_DELTA = 20;
    /** How fast the background follows the scene (weight of each new frame). */
    public static final double BACKGROUND_RATE = 0.1;

    private final double minChangedFraction;
    private final long maxIntervalMillis;

    private final Mat small = new Mat();
    private final Mat gray = new Mat();
    private final Mat background = new Mat(); // CV_32F running average
    private final Mat background8 = new Mat();
    private final Mat diff = new Mat();
    private boolean hasBackground;
    private long lastDetectMillis;
    private boolean detectedOnce;
    private double lastFraction;

    /**
     * @param minChangedFraction share of changed pixels (0-1) that counts as motion, e.g. 0.002
     * @param maxIntervalMillis  stream time after which the detector runs even without motion, e.g. 2000
     */
    public MotionGate(double minChangedFraction, long maxIntervalMillis) {
        this.minChangedFraction = minChangedFraction;
        this.maxIntervalMillis = maxIntervalMillis;
    }

    /** Defaults for traffic cameras: 0.2% of pixels (a small motorbike at 160 px) and a detection every 2 s. */
    public static MotionGate withDefaults() {
        return new MotionGate(0.002, 2000);
    }

    /**
     * Measures motion in this frame, updates the background, and says whether the detector should run: on the
     * first frame, when there is motion, and when {@code maxIntervalMillis} passed since the last run (or the
     * stream time went backwards, e.g. a looping file restarted).
     */
    public boolean shouldDetect(Mat bgr, long streamMillis) {
        double fraction = changedFraction(bgr);
        boolean due = !detectedOnce || streamMillis - lastDetectMillis >= maxIntervalMillis
                || streamMillis < lastDetectMillis;
        if (fraction >= minChangedFraction || due) {
            detectedOnce = true;
            lastDetectMillis = streamMillis;
            return true;
        }
        return false;
    }

    /**
     * Share of pixels (0-1) that differ from the background, and the background update. The first frame (or the
     * first after a size change) only starts the background and returns 1: nothing is known yet.
     */
    public double changedFraction(Mat bgr) {
        int height = Math.max(1, (int) Math.round((double) bgr.rows() * WIDTH / bgr.cols()));
        Imgproc.resize(bgr, small, new Size(WIDTH, height), 0, 0, Imgproc.INTER_AREA);
        if (small.channels() == 1) {
            small.copyTo(gray);
        } else {
            Imgproc.cvtColor(small, gray, Imgproc.COLOR_BGR2GRAY);
        }
        Imgproc.GaussianBlur(gray, gray, new Size(5, 5), 0);
        if (!hasBackground || background.rows() != gray.rows()) {
            gray.convertTo(background, CvType.CV_32F);
            hasBackground = true;
            lastFraction = 1.0;
            return lastFraction;
        }
        background.convertTo(background8, CvType.CV_8U);
        Core.absdiff(gray, background8, diff);
        Imgproc.threshold(diff, diff, PIXEL_DELTA, 255, Imgproc.THRESH_BINARY);
        lastFraction = (double) Core.countNonZero(diff) / diff.total();
        Imgproc.accumulateWeighted(gray, background, BACKGROUND_RATE);
        return lastFraction;
    }

    /** The changed-pixel fraction of the last frame seen, for metrics. */
    public double lastChangedFraction() {
        return lastFraction;
    }

    @Override
    public void close() {
        small.release();
        gray.release();
        background.release();
        background8.release();
        diff.release();
    }
}
