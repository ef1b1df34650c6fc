package vn.wardwatch.plate;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The plate's background colour class from its pixels. Characters and background are told apart by brightness
 * (Otsu); the background is the larger part (dark characters on white or yellow, white characters on blue or red),
 * and its colour is the class most of its pixels fall in.
 */
final class PlateColourClassifier {

    /** Saturation (0-255) under which a pixel is grey/white, over which it has a colour. */
    static final int MIN_SATURATION = 70;
    /** A grey pixel darker than this (0-255) is not a white background, just dark (night, shadow). */
    static final int MIN_WHITE_VALUE = 110;
    /** A coloured pixel darker than this carries no trustworthy hue. */
    static final int MIN_COLOUR_VALUE = 50;
    /** The winning class needs this share of the background's pixels; otherwise UNKNOWN. */
    static final double MIN_SHARE = 0.5;
    /** Images are shrunk to this width first. */
    static final int SAMPLE_WIDTH = 96;

    private PlateColourClassifier() {
    }

    /** Colour class of a BGR image that shows (mostly) one plate. */
    static PlateColour classify(Mat image) {
        if (image.empty() || image.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty 8-bit BGR plate image, got " + image);
        }
        // A few thousand pixels tell the colour as well as a million do.
        double shrink = Math.min(1, (double) SAMPLE_WIDTH / image.cols());
        Mat plateBgr = new Mat();
        Imgproc.resize(image, plateBgr, new Size(), shrink, shrink, Imgproc.INTER_AREA);
        Mat grey = new Mat();
        Mat mask = new Mat();
        Mat hsv = new Mat();
        try {
            Imgproc.cvtColor(plateBgr, grey, Imgproc.COLOR_BGR2GRAY);
            Imgproc.threshold(grey, mask, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
            int bright = Core.countNonZero(mask);
            boolean backgroundBright = bright * 2 >= mask.rows() * mask.cols();
            Imgproc.cvtColor(plateBgr, hsv, Imgproc.COLOR_BGR2HSV);
            int n = plateBgr.rows() * plateBgr.cols();
            byte[] hsvBytes = new byte[3 * n];
            byte[] maskBytes = new byte[n];
            hsv.get(0, 0, hsvBytes);
            mask.get(0, 0, maskBytes);
            int[] votes = new int[PlateColour.values().length];
            int background = 0;
            for (int i = 0; i < n; i++) {
                if ((maskBytes[i] != 0) != backgroundBright) {
                    continue;
                }
                background++;
                votes[pixelClass(hsvBytes[3 * i] & 0xff, hsvBytes[3 * i + 1] & 0xff, hsvBytes[3 * i + 2] & 0xff)
                        .ordinal()]++;
            }
            PlateColour best = PlateColour.UNKNOWN;
            for (PlateColour c : PlateColour.values()) {
                if (c != PlateColour.UNKNOWN && votes[c.ordinal()] > votes[best.ordinal()]) {
                    best = c;
                }
            }
            return background > 0 && votes[best.ordinal()] >= MIN_SHARE * background ? best : PlateColour.UNKNOWN;
        } finally {
            plateBgr.release();
            grey.release();
            mask.release();
            hsv.release();
        }
    }

    /** One pixel's class; OpenCV hue runs 0-179 (degrees / 2). */
    static PlateColour pixelClass(int hue, int saturation, int value) {
        if (saturation < MIN_SATURATION) {
            return value >= MIN_WHITE_VALUE ? PlateColour.WHITE : PlateColour.UNKNOWN;
        }
        if (value < MIN_COLOUR_VALUE) {
            return PlateColour.UNKNOWN;
        }
        if (hue >= 15 && hue <= 40) {
            return PlateColour.YELLOW;
        }
        if (hue >= 90 && hue <= 135) {
            return PlateColour.BLUE;
        }
        if (hue <= 8 || hue >= 165) {
            return PlateColour.RED;
        }
        return PlateColour.UNKNOWN;
    }
}
