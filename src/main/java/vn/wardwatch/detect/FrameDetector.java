package vn.wardwatch.detect;

import java.util.List;
import org.opencv.core.Mat;

/**
 * The whole detection path for one frame, the same for the live pipeline, replay, {@code detect} and evaluation:
 * the model, then one box per vehicle across COCO's car/truck/bus confusions.
 */
public final class FrameDetector {

    /** Vehicle boxes of different classes overlapping this much are one vehicle. */
    static final double SAME_VEHICLE_IOU = 0.7;

    private final Detector detector;

    public FrameDetector(Detector detector) {
        this.detector = detector;
    }

    /** Every object down to {@code minScore}, in the frame's own pixels. */
    public List<Detection> detect(Mat bgr, double minScore) {
        return Nms.acrossVehicleClasses(detector.detect(bgr, minScore), SAME_VEHICLE_IOU);
    }

    public String modelName() {
        return detector.modelName();
    }
}
