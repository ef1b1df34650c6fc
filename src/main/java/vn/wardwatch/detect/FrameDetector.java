package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The whole detection path for one frame, the same for the live pipeline, replay, {@code detect} and evaluation:
 * the model, then one box per vehicle across COCO's car/truck/bus confusions, one box per two-wheeler across its
 * motorbike/bicycle confusion, then riders merged into their motorbikes and bicycles ({@link RiderMerger}).
 */
public final class FrameDetector {

    /** Vehicle boxes of different classes overlapping this much are one vehicle. */
    static final double SAME_VEHICLE_IOU = 0.7;

    /**
     * A motorbike box and a bicycle box overlapping this much are one two-wheeler: the usual NMS overlap, as if
     * the two were one class. COCO models often box a small motorbike as both, with boxes that differ more than a
     * car and truck box of one vehicle do; the weaker one would be a duplicate road user. Measured on scenes-vn
     * with CenterNet 448: motorbike AP50 0.420 with only {@link #SAME_VEHICLE_IOU}, 0.429 with this (PERFORMANCE.md).
     */
    static final double SAME_TWO_WHEELER_IOU = 0.5;

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
        found = Nms.acrossClasses(found, RiderMerger::isTwoWheeler, SAME_TWO_WHEELER_IOU);
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
