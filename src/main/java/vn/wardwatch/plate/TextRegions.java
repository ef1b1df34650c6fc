package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.detect.BoundingBox;

/**
 * Where text is in a whole image, by the PP-OCRv4 DB text detector alone (no recognition): for hiding plates, not
 * reading them. The image is seen at {@code scale} times its size, so that the small plates of a whole traffic
 * frame are still found. Thread-safe (ONNX Runtime sessions are).
 */
public final class TextRegions implements AutoCloseable {

    private final TextDetector detector = new TextDetector();
    private final double scale;

    /** @param scale detector input size relative to the image (e.g. 1.5 to find text a few pixels high) */
    public TextRegions(double scale) {
        if (!(scale > 0 && scale <= 4)) {
            throw new IllegalArgumentException("text region scale must be in (0, 4], got " + scale);
        }
        this.scale = scale;
    }

    /** The axis-aligned bounds of every text line found, in {@code bgr}'s pixels. */
    public List<BoundingBox> find(Mat bgr) {
        int w = roundTo32(bgr.cols() * scale);
        int h = roundTo32(bgr.rows() * scale);
        List<BoundingBox> out = new ArrayList<>();
        for (TextBox box : TextDetector.boxes(detector.probabilities(bgr, w, h))) {
            out.add(box.bounds());
        }
        return out;
    }

    private static int roundTo32(double v) {
        return Math.max(32, (int) Math.round(v / 32) * 32);
    }

    @Override
    public void close() {
        detector.close();
    }
}
