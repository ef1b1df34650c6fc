package vn.wardwatch.detect;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Turns a BGR frame into a model's float input (NCHW, or NHWC for CenterNet). Stateless and thread-safe. */
public final class ImagePreprocessor {

    /** NanoDet's training normalisation, BGR order. */
    public static final float[] NANODET_MEAN = {103.53f, 116.28f, 123.675f};
    public static final float[] NANODET_STD = {57.375f, 57.12f, 58.375f};

    private static final int LETTERBOX_GRAY = 114;

    private ImagePreprocessor() {
    }

    /** Stretches the frame to the input size (no letterbox) and normalises each BGR channel: (x - mean) / std. */
    public static InputMapping stretchNormalized(Mat bgr, int width, int height, float[] mean, float[] std,
                                                 float[] out) {
        checkFrame(bgr);
        Mat resized = new Mat();
        try {
            Imgproc.resize(bgr, resized, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            toPlanar(resized, out, new int[] {0, 1, 2}, mean, std);
        } finally {
            resized.release();
        }
        return new InputMapping((double) width / bgr.cols(), (double) height / bgr.rows(), 0, 0);
    }

    /**
     * Stretches the frame to the input size (no letterbox) and writes interleaved NHWC floats, RGB order, 0-255 as
     * they are (CenterNet: its graph normalises inside).
     */
    public static InputMapping stretchRgbHwc(Mat bgr, int width, int height, float[] out) {
        checkFrame(bgr);
        int pixels = width * height;
        if (out.length != 3 * pixels) {
            throw new IllegalArgumentException("input buffer holds " + out.length + " floats, need " + 3 * pixels);
        }
        Mat resized = new Mat();
        try {
            Imgproc.resize(bgr, resized, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            byte[] hwc = new byte[3 * pixels];
            resized.get(0, 0, hwc);
            for (int i = 0; i < 3 * pixels; i += 3) {
                out[i] = hwc[i + 2] & 0xff;     // R = BGR channel 2
                out[i + 1] = hwc[i + 1] & 0xff;
                out[i + 2] = hwc[i] & 0xff;
            }
        } finally {
            resized.release();
        }
        return new InputMapping((double) width / bgr.cols(), (double) height / bgr.rows(), 0, 0);
    }

    /** Scales keeping the aspect ratio, centres on gray padding, converts to RGB and divides by 255 (YOLO). */
    public static InputMapping letterboxRgb(Mat bgr, int width, int height, float[] out) {
        checkFrame(bgr);
        double scale = Math.min((double) width / bgr.cols(), (double) height / bgr.rows());
        int w = (int) Math.round(bgr.cols() * scale);
        int h = (int) Math.round(bgr.rows() * scale);
        int left = (width - w) / 2;
        int top = (height - h) / 2;
        Mat resized = new Mat();
        Mat padded = new Mat();
        try {
            Imgproc.resize(bgr, resized, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
            Core.copyMakeBorder(resized, padded, top, height - h - top, left, width - w - left,
                    Core.BORDER_CONSTANT, new Scalar(LETTERBOX_GRAY, LETTERBOX_GRAY, LETTERBOX_GRAY));
            float[] zero = {0, 0, 0};
            float[] s255 = {255, 255, 255};
            toPlanar(padded, out, new int[] {2, 1, 0}, zero, s255); // plane 0 = R = BGR channel 2
        } finally {
            resized.release();
            padded.release();
        }
        return new InputMapping((double) w / bgr.cols(), (double) h / bgr.rows(), left, top);
    }

    /** Interleaved 8-bit HWC to planar CHW floats; plane p takes source channel {@code order[p]}. */
    private static void toPlanar(Mat img, float[] out, int[] order, float[] mean, float[] std) {
        int pixels = img.rows() * img.cols();
        if (out.length != 3 * pixels) {
            throw new IllegalArgumentException("input buffer holds " + out.length + " floats, need " + 3 * pixels);
        }
        byte[] hwc = new byte[3 * pixels];
        img.get(0, 0, hwc);
        for (int p = 0; p < 3; p++) {
            int c = order[p];
            float m = mean[c];
            float inv = 1f / std[c];
            int planeBase = p * pixels;
            for (int i = 0; i < pixels; i++) {
                out[planeBase + i] = ((hwc[3 * i + c] & 0xff) - m) * inv;
            }
        }
    }

    private static void checkFrame(Mat bgr) {
        if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty 8-bit BGR frame, got " + bgr);
        }
    }
}
