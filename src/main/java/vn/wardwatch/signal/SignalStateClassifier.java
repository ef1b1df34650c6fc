package vn.wardwatch.signal;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;

/**
 * Which lamp of a signal head is lit, from colour and brightness alone. A lit lamp (and a countdown number, which
 * Vietnamese heads show in the lit colour) is the most colourful part of a head: the housing is dark or grey, unlit
 * lenses are pale even when daylight makes them bright, glare and sky are washed out. "Lit" pixels are those bright,
 * saturated and with at least a share of the region's highest chroma (so the threshold adapts to exposure and to a
 * camera's colour cast). They decide in two steps:
 * <ol>
 * <li>warm (red or amber) against green: the side with enough lit pixels, clearly ahead of the other, wins;</li>
 * <li>red against amber: cameras clip a bright lamp to orange, yellow or white whatever its colour, so the hue of
 * most lit pixels does not tell red from amber; but only a red lamp emits deep red (pinkish on LED heads), which
 * survives in its less exposed glow. Enough deep-red pixels among the lit warm ones, or among the bright warm glow,
 * make it red. Without them a warm lamp is amber, unless the region is a whole three-lamp head and the light sits
 * in an end third: amber is always the middle lamp (vertical heads: red on top, QCVN 41; horizontal: red at either
 * end, depending on the side of the road).</li>
 * </ol>
 * Anything else (dark, all lamps off, glare, both colours alike) is UNKNOWN. Stateless and thread-safe.
 */
public final class SignalStateClassifier {

    /** A lit lamp's glow is saturated; glare, white over-exposed cores and grey sky are not (0-255). */
    static final int MIN_SATURATION = 80;
    /** Emitted light is bright; the housing and unlit lamps at night stay under this (0-255). */
    static final int MIN_VALUE = 80;
    /**
     * The lit lamp is the most colourful thing in the head: only pixels with at least this share of the most colourful
     * one's chroma (max - min of B, G, R) count as lit. Chroma rather than brightness, because an unlit lens in
     * daylight can be nearly as bright as the lit lamp but is much paler, and a purple-tinted camera's lit lamp is
     * barely brighter than its housing but still the most colourful part.
     */
    static final double RELATIVE_CHROMA = 0.6;
    /**
     * The bright glow around a clipped red core: warm pixels at least this share of the brightest coloured one's
     * value, where deep red is looked for too (the glow is less colourful than the clipped orange core).
     */
    static final double RELATIVE_VALUE = 0.5;
    /** The glow must still reach this share of the highest chroma: a pale unlit red lens in daylight is no glow. */
    static final double GLOW_CHROMA = 0.3;
    /** Hue (OpenCV's 0-180 scale) from which on red wraps around through pink to 180. */
    static final int RED_FROM = 150;
    /** Deep red: hue under this or from {@link #RED_FROM} on. Amber light (about 590 nm) never looks like this. */
    static final int DEEP_RED_BELOW = 4;
    /** Red, orange, amber and yellow up to here. */
    static final int WARM_BELOW = 36;
    /**
     * Green incl. the cyan-ish blue-green of LED heads (about 505 nm), which a camera's cool cast pushes towards
     * blue; beyond this is blue sky and signs (and those are paler than a lit lamp, so the chroma cut drops them).
     */
    static final int GREEN_BELOW = 105;
    /** Share of the warm lit pixels, or of the warm glow, that must be deep red for a red lamp. */
    static final double DEEP_RED_SHARE = 0.1;
    /** The winner's lit pixels as a share of the region: one lamp of three, of which only the coloured part counts. */
    static final double MIN_LIT_SHARE = 0.01;
    /** Warm or green needs this many times the other's votes, or the head is ambiguous (glare, reflections). */
    static final double MIN_MARGIN = 2.0;
    /** A region at least this many times as tall as wide is taken to be a whole vertical three-lamp head. */
    static final double VERTICAL_HEAD_ASPECT = 2.2;
    /**
     * A region at least this many times as wide as tall is taken to be a whole horizontal head: lower than the
     * vertical one because horizontal heads are boxed with their visor and mount, which adds height.
     */
    static final double HORIZONTAL_HEAD_ASPECT = 1.3;
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
            return classifyHsv(hsv);
        } finally {
            crop.release();
            sample.release();
            hsv.release();
        }
    }

    private static SignalReading classifyHsv(Mat hsv) {
        int n = hsv.rows() * hsv.cols();
        byte[] px = new byte[3 * n];
        hsv.get(0, 0, px);
        int brightest = 0;
        int mostChroma = 0;
        for (int i = 0; i < n; i++) {
            int hue = px[3 * i] & 0xff;
            if ((px[3 * i + 1] & 0xff) >= MIN_SATURATION && (hue < GREEN_BELOW || hue >= RED_FROM)) {
                brightest = Math.max(brightest, px[3 * i + 2] & 0xff);
                mostChroma = Math.max(mostChroma, chroma(px, i));
            }
        }
        int minChroma = (int) Math.ceil(RELATIVE_CHROMA * mostChroma);
        int minGlowValue = (int) Math.ceil(RELATIVE_VALUE * brightest);
        int minGlowChroma = (int) Math.ceil(GLOW_CHROMA * mostChroma);
        int warm = 0;
        int green = 0;
        long warmVotes = 0; // each lit pixel votes with how far it clears the chroma cut
        long greenVotes = 0;
        int deepRed = 0;
        int glow = 0; // warm pixels among the brightest, lit or not by chroma
        int deepRedGlow = 0;
        double warmRows = 0; // for the warm light's mean position in the region
        double warmCols = 0;
        int cols = hsv.cols();
        for (int i = 0; i < n; i++) {
            int value = px[3 * i + 2] & 0xff;
            if ((px[3 * i + 1] & 0xff) < MIN_SATURATION || value < MIN_VALUE) {
                continue;
            }
            int hue = px[3 * i] & 0xff;
            boolean isWarm = hue < WARM_BELOW || hue >= RED_FROM;
            boolean isDeepRed = hue < DEEP_RED_BELOW || hue >= RED_FROM;
            int chroma = chroma(px, i);
            if (isWarm && value >= minGlowValue && chroma >= minGlowChroma) {
                glow++;
                deepRedGlow += isDeepRed ? 1 : 0;
            }
            if (chroma < minChroma) {
                continue;
            }
            if (isWarm) {
                warm++;
                warmVotes += chroma - minChroma + 1;
                deepRed += isDeepRed ? 1 : 0;
                warmRows += i / cols + 0.5;
                warmCols += i % cols + 0.5;
            } else if (hue < GREEN_BELOW) {
                green++;
                greenVotes += chroma - minChroma + 1;
            }
        }
        // The lamp's core clears the cut by far, barely lit foliage or reflections of the other colour do not: weighted
        // votes keep those from making a lit lamp ambiguous.
        boolean greenWins = greenVotes > warmVotes;
        int winner = greenWins ? green : warm;
        double share = (double) winner / n;
        long winnerVotes = Math.max(warmVotes, greenVotes);
        long otherVotes = Math.min(warmVotes, greenVotes);
        // At least two pixels: in a tiny region the share threshold alone would accept a single noisy pixel.
        if (winner < 2 || share < MIN_LIT_SHARE || winnerVotes < MIN_MARGIN * otherVotes) {
            return SignalReading.unknown(share);
        }
        // Clear of the other side and well over the minimum lit share: confident; near either limit: less so.
        double confidence = (1 - (double) otherVotes / winnerVotes) * Math.min(1, share / (4 * MIN_LIT_SHARE));
        if (greenWins) {
            return new SignalReading(SignalColour.GREEN, confidence, share);
        }
        // Deep red survives either among the most colourful pixels (LED pink) or in the bright but less saturated
        // glow around a clipped core, which the chroma cut leaves out.
        double deepShare = Math.max((double) deepRed / warm, glow == 0 ? 0 : (double) deepRedGlow / glow);
        if (deepShare >= DEEP_RED_SHARE) {
            return new SignalReading(SignalColour.RED, confidence * Math.min(1, deepShare / (2 * DEEP_RED_SHARE)),
                    share);
        }
        // Red and amber look alike once the glow is clipped. In a whole three-lamp head amber is the middle lamp,
        // vertical or horizontal; warm light at an end is a red lamp (Vietnamese vertical heads: red on top).
        double amberConfidence = confidence * (1 - deepShare / DEEP_RED_SHARE);
        double along = Double.NaN;
        if (hsv.rows() >= VERTICAL_HEAD_ASPECT * hsv.cols()) {
            along = warmRows / warm / hsv.rows();
        } else if (hsv.cols() >= HORIZONTAL_HEAD_ASPECT * hsv.rows()) {
            along = warmCols / warm / hsv.cols();
        }
        if (along < 1 / 3.0 || (along >= 2 / 3.0 && hsv.cols() > hsv.rows())) {
            return new SignalReading(SignalColour.RED, 0.5 * confidence, share);
        }
        return new SignalReading(SignalColour.YELLOW, amberConfidence, share);
    }

    /** Colourfulness of emitted light, max minus min of B, G, R, from OpenCV's HSV (S = 255 (max - min) / max). */
    private static int chroma(byte[] px, int i) {
        return (px[3 * i + 1] & 0xff) * (px[3 * i + 2] & 0xff) / 255;
    }
}
