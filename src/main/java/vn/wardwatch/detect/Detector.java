package vn.wardwatch.detect;

import java.util.List;
import org.opencv.core.Mat;

/**
 * Finds objects in a BGR frame. Implementations must be safe to call from several camera threads at once
 * (one ONNX Runtime session is shared by all cameras).
 */
public interface Detector extends AutoCloseable {

    /** Detections in the pixel coordinates of {@code bgr}, already filtered by the detector's own threshold. */
    List<Detection> detect(Mat bgr);

    /** Like {@link #detect(Mat)} down to another minimum score (the tracker's low-score pass needs weak ones). */
    List<Detection> detect(Mat bgr, double minScore);

    /** A short model name and version for logs and evidence, e.g. {@code nanodet-g-416}. */
    String modelName();

    @Override
    void close();
}
