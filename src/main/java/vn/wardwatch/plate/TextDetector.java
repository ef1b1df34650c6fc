package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.ImagePreprocessor;

/**
 * PaddleOCR's DB text detector: a per-pixel text probability map, thresholded into regions, each region's rotated
 * rectangle grown back out ("unclipped") because the model is trained to mark a shrunken core of every text line.
 */
final class TextDetector implements AutoCloseable {

    /** ImageNet normalisation, applied to the BGR planes in that order (as PaddleOCR does). */
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    /** PaddleOCR's defaults: pixel threshold, mean probability a region needs, how far the core is grown. */
    static final double PIXEL_THRESHOLD = 0.3;
    static final double BOX_THRESHOLD = 0.5;
    static final double UNCLIP_RATIO = 1.5;
    /** Regions whose short side is under this many map pixels are specks, not text. */
    private static final double MIN_SIDE = 3;

    private final OcrSession session = new OcrSession(PaddleOcrModels.DETECTOR);

    /** The probability map of one image and the scale from image pixels to map pixels. */
    static final class ProbabilityMap {
        final float[] values;
        final int width;
        final int height;
        final double scaleX;
        final double scaleY;

        ProbabilityMap(float[] values, int width, int height, double scaleX, double scaleY) {
            this.values = values;
            this.width = width;
            this.height = height;
            this.scaleX = scaleX;
            this.scaleY = scaleY;
        }

        float at(int x, int y) {
            return values[y * width + x];
        }
    }

    /**
     * Runs the detector with the image stretched to {@code width} x {@code height} (multiples of 32, the network's
     * stride).
     */
    ProbabilityMap probabilities(Mat bgr, int width, int height) {
        if (width % 32 != 0 || height % 32 != 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("detector input must be a positive multiple of 32, got " + width + "x"
                    + height);
        }
        float[] input = new float[3 * width * height];
        ImagePreprocessor.stretchNormalized(bgr, width, height, MEAN, STD, input);
        float[] map = session.run(input, new long[] {1, 3, height, width}).values();
        if (map.length != width * height) {
            throw new IllegalStateException("text detector returned " + map.length + " values for a " + width + "x"
                    + height + " input");
        }
        return new ProbabilityMap(map, width, height, (double) width / bgr.cols(), (double) height / bgr.rows());
    }

    /** Text regions of the map, in the pixels of the image it came from. */
    static List<TextBox> boxes(ProbabilityMap map) {
        Mat prob = new Mat(map.height, map.width, CvType.CV_32F);
        Mat binary = new Mat();
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        List<TextBox> boxes = new ArrayList<>();
        try {
            prob.put(0, 0, map.values);
            Imgproc.threshold(prob, binary, PIXEL_THRESHOLD, 255, Imgproc.THRESH_BINARY);
            binary.convertTo(binary, CvType.CV_8U);
            Imgproc.findContours(binary, contours, hierarchy, Imgproc.RETR_LIST, Imgproc.CHAIN_APPROX_SIMPLE);
            for (MatOfPoint contour : contours) {
                RotatedRect rect = Imgproc.minAreaRect(new MatOfPoint2f(contour.toArray()));
                if (Math.min(rect.size.width, rect.size.height) < MIN_SIDE) {
                    continue;
                }
                double score = meanInside(prob, contour);
                if (score < BOX_THRESHOLD) {
                    continue;
                }
                RotatedRect grown = unclip(rect);
                if (Math.min(grown.size.width, grown.size.height) < MIN_SIDE + 2) {
                    continue;
                }
                Point[] corners = new Point[4];
                grown.points(corners);
                for (Point p : corners) {
                    p.x = Math.max(0, Math.min(map.width, p.x)) / map.scaleX;
                    p.y = Math.max(0, Math.min(map.height, p.y)) / map.scaleY;
                }
                boxes.add(TextBox.around(corners, score));
            }
        } finally {
            contours.forEach(Mat::release);
            prob.release();
            binary.release();
            hierarchy.release();
        }
        return boxes;
    }

    /**
     * Grows the rectangle by the distance area x ratio / perimeter on every side: DB's inverse of the shrinking its
     * training labels went through.
     */
    static RotatedRect unclip(RotatedRect rect) {
        double w = rect.size.width;
        double h = rect.size.height;
        double d = w * h * UNCLIP_RATIO / (2 * (w + h));
        return new RotatedRect(rect.center, new Size(w + 2 * d, h + 2 * d), rect.angle);
    }

    /** Mean probability inside the contour's polygon (PaddleOCR's "slow" box score, exact for any shape). */
    private static double meanInside(Mat prob, MatOfPoint contour) {
        org.opencv.core.Rect r = Imgproc.boundingRect(contour);
        Mat mask = Mat.zeros(r.height, r.width, CvType.CV_8U);
        MatOfPoint shifted = new MatOfPoint();
        try {
            Point[] pts = contour.toArray();
            for (Point p : pts) {
                p.x -= r.x;
                p.y -= r.y;
            }
            shifted.fromArray(pts);
            Imgproc.fillPoly(mask, List.of(shifted), new Scalar(1));
            Mat roi = prob.submat(r);
            try {
                return Core.mean(roi, mask).val[0];
            } finally {
                roi.release();
            }
        } finally {
            mask.release();
            shifted.release();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
