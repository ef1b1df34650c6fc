package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The whole detection path for one frame, the same for the live pipeline, replay, {@code detect} and evaluation:
 * the model, then one box per vehicle across COCO's car/truck/bus confusions, then riders merged into their
 * motorbikes and bicycles ({@link RiderMerger}).
 */
public final class FrameDetector {

    /** Vehicle boxes of different classes overlapping this much are one vehicle. */
    static final double SAME_VEHICLE_IOU = 0.7;

    private final Detector detector;
    private final boolean mergeRiders;

    /** The standard path, riders merged. */
    public FrameDetector(Detector detector) {
        this(detector, true);
    }

    /** @param mergeRiders false only to measure what the merge brings (eval-detection --no-merge) */
    public FrameDetector(Detector detector, boolean mergeRiders) {
        this.detector = detector;
        this.mergeRiders = mergeRiders;
    }

    /** Every object down to {@code minScore}, in the frame's own pixels. */
    public List<Detection> detect(Mat bgr, double minScore) {
        // Riders down to RiderMerger's own floor must be seen even when the caller wants only stronger objects,
        // so that a bike's box and rider count do not depend on the caller's threshold.
        double runScore = mergeRiders ? Math.min(minScore, RiderMerger.MIN_PERSON_SCORE) : minScore;
        List<Detection> found = Nms.acrossVehicleClasses(detector.detect(bgr, runScore), SAME_VEHICLE_IOU);
        if (!mergeRiders) {
            return found;
        }
        List<Detection> kept = new ArrayList<>(found.size());
        for (Detection d : RiderMerger.merge(found)) {
            if (d.score() >= minScore) {
                kept.add(d);
            }
        }
        return kept;
    }

    public boolean mergesRiders() {
        return mergeRiders;
    }

    public String modelName() {
        return detector.modelName();
    }
}
