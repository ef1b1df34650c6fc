package vn.wardwatch.signal;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;

/**
 * Which lamp of a signal head is lit, from colour and brightness alone. A lit lamp (and a countdown number, which
 * Vietnamese heads show in the lit colour) is the only part of a head that is both bright and strongly coloured: the
 * housing is dark, unlit lamps are dim, glare and sky are bright but washed out. Such pixels are counted per hue band
 * and the band with enough of them, clearly ahead of the runner-up, wins; anything else is UNKNOWN.
 * Stateless and thread-safe.
 */
public final class SignalStateClassifier {

    /** A lit lamp's colour ring is strongly saturated; glare, white over-exposed cores and grey sky are not. */
    static final int MIN_SATURATION = 90;
    /** Emitted light is bright; the housing and unlit lamps at night stay under this (0-255). */
    static final int MIN_VALUE = 80;
    /**
     * The lit lamp is the brightest coloured thing in the head: only coloured pixels at least this share of the
     * brightest one's value count, which leaves out unlit lamps lit by daylight and dim surroundings.
     */
    static final double RELATIVE_VALUE = 0.5;
    /** Hue bands on OpenCV's 0-180 scale. Red wraps around 0 and includes the pinkish red of LED heads. */
    static final int RED_BELOW = 8;
    static final int RED_FROM = 150;
    /**
     * Orange is evidence for both red and amber: a camera clips an over-exposed red lamp's red channel first, which
     * shifts its hue to orange, and an amber lamp is orange to begin with. Orange pixels vote half for each.
     */
    static final int ORANGE_BELOW = 15;
    /** Yellow/amber up to here. */
    static final int YELLOW_BELOW = 36;
    /** Green incl. the cyan-ish blue-green of LED heads; beyond this is blue sky and signs. */
    static final int GREEN_BELOW = 100;
    /** The winner's lit pixels as a share of the region: one lamp of three, of which only the coloured part counts. */
    static final double MIN_LIT_SHARE = 0.01;
    /** The winner needs this many times the runner-up's pixels, or the head is ambiguous (glare, reflections). */
    static final double MIN_MARGIN = 1.5;
    /** A region at least this many times as tall as wide is taken to be a whole vertical three-lamp head. */
    static final double VERTICAL_HEAD_ASPECT = 2.2;
    /** Regions are shrunk to at most this many pixels on their longer side; a lamp needs no more. */
    static final int SAMPLE_SIDE = 64;

    /** Classifies the region of a BGR frame; the region is clipped to the frame and must overlap it. */
    public SignalReading classify(Mat frame, BoundingBox region) {
        if (frame.empty() || frame.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty 8-bit BGR frame, got " + frame);
        }
        BoundingBox clipped = region.clip(frame.cols(), frame.rows());
        int x1 = (int) Math.floor(clipped.x());
        int y1 = (int) Math.floor(clipped.y());
        int x2 = (int) Math.ceil(clipped.right());
        int y2 = (int) Math.ceil(clipped.bottom());
        if (x2 - x1 < 1 || y2 - y1 < 1) {
            throw new IllegalArgumentException("signal-head region " + region + " lies outside the "
                    + frame.cols() + "x" + frame.rows() + " frame");
        }
        Mat crop = frame.submat(new Rect(x1, y1, x2 - x1, y2 - y1));
        Mat sample = new Mat();
        Mat hsv = new Mat();
        try {
            double shrink = Math.min(1, (double) SAMPLE_SIDE / Math.max(crop.cols(), crop.rows()));
            if (shrink < 1) {
                Imgproc.resize(crop, sample, new Size(), shrink, shrink, Imgproc.INTER_AREA);
            } else {
                crop.copyTo(sample);
            }
            Imgproc.cvtColor(sample, hsv, Imgproc.COLOR_BGR2HSV);
            int n = hsv.rows() * hsv.cols();
            byte[] px = new byte[3 * n];
            hsv.get(0, 0, px);
            int brightest = 0;
            for (int i = 0; i < n; i++) {
                if ((px[3 * i + 1] & 0xff) >= MIN_SATURATION && band(px[3 * i] & 0xff) >= 0) {
                    brightest = Math.max(brightest, px[3 * i + 2] & 0xff);
                }
            }
            int minValue = Math.max(MIN_VALUE, (int) Math.ceil(RELATIVE_VALUE * brightest));
            double[] votes = new double[3];
            double warmRows = 0; // sum of the rows of red/orange/amber lit pixels, for their mean height
            int warm = 0;
            int cols = hsv.cols();
            for (int i = 0; i < n; i++) {
                int s = px[3 * i + 1] & 0xff;
                int v = px[3 * i + 2] & 0xff;
                if (s < MIN_SATURATION || v < minValue) {
                    continue;
                }
                int hue = px[3 * i] & 0xff;
                int band = band(hue);
                if (band == 0 || band == 1) {
                    warmRows += (i / cols) + 0.5;
                    warm++;
                }
                if (hue >= RED_BELOW && hue < ORANGE_BELOW) {
                    votes[0] += 0.5;
                    votes[1] += 0.5;
                    continue;
                }
                if (band >= 0) {
                    votes[band]++;
                }
            }
            SignalReading byColour = decide(votes, n);
            if (byColour.colour() != SignalColour.UNKNOWN || warm == 0
                    || hsv.rows() < VERTICAL_HEAD_ASPECT * hsv.cols()) {
                return byColour;
            }
            return byPosition(votes, n, warmRows / warm / hsv.rows());
        } finally {
            crop.release();
            sample.release();
            hsv.release();
        }
    }

    /** 0 red, 1 yellow (orange included; split by the caller), 2 green, -1 none (blue, purple). */
    static int band(int hue) {
        if (hue < RED_BELOW || hue >= RED_FROM) {
            return 0;
        }
        if (hue < YELLOW_BELOW) {
            return 1;
        }
        if (hue < GREEN_BELOW) {
            return 2;
        }
        return -1;
    }

    /**
     * Red against amber, too close to call by hue (clipped red drifts orange), in a region that is a whole vertical
     * head: the lamp's height decides, red on top and amber in the middle as Vietnamese heads are built (QCVN 41).
     * Only when red and amber together clearly outnumber green, and at half the colour decision's confidence.
     */
    static SignalReading byPosition(double[] votes, int pixels, double meanHeight) {
        double warm = votes[0] + votes[1];
        double share = warm / pixels;
        if (warm < 2 || share < MIN_LIT_SHARE || warm < MIN_MARGIN * votes[2]) {
            return SignalReading.unknown(share);
        }
        SignalColour colour;
        if (meanHeight < 1 / 3.0) {
            colour = SignalColour.RED;
        } else if (meanHeight < 2 / 3.0) {
            colour = SignalColour.YELLOW;
        } else {
            return SignalReading.unknown(share); // warm light low in a head: a reflection, not a lamp
        }
        return new SignalReading(colour, 0.5 * Math.min(1, share / (4 * MIN_LIT_SHARE)), share);
    }

    static SignalReading decide(double[] votes, int pixels) {
        int best = 0;
        for (int b = 1; b < votes.length; b++) {
            if (votes[b] > votes[best]) {
                best = b;
            }
        }
        double runnerUp = 0;
        for (int b = 0; b < votes.length; b++) {
            if (b != best) {
                runnerUp = Math.max(runnerUp, votes[b]);
            }
        }
        double share = votes[best] / pixels;
        // At least one whole pixel: in a tiny region the share threshold alone would accept a single noisy pixel.
        if (votes[best] < 2 || share < MIN_LIT_SHARE || votes[best] < MIN_MARGIN * runnerUp) {
            return SignalReading.unknown(share);
        }
        // Clear of the runner-up and well over the minimum lit share: confident; near either limit: less so.
        double separation = 1 - runnerUp / votes[best];
        double strength = Math.min(1, share / (4 * MIN_LIT_SHARE));
        SignalColour colour = switch (best) {
            case 0 -> SignalColour.RED;
            case 1 -> SignalColour.YELLOW;
            default -> SignalColour.GREEN;
        };
        return new SignalReading(colour, separation * strength, share);
    }
}
