package vn.wardwatch.track;

import java.util.EnumMap;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;

/**
 * Score-weighted class vote over a track's detections: the detector flickers between car and truck (or motorbike
 * and bicycle) on one object, and the track should report the class it was seen as most confidently overall.
 */
final class ClassVote {

    private final Map<ObjectClass, Double> weights = new EnumMap<>(ObjectClass.class);

    void add(ObjectClass objectClass, double score) {
        weights.merge(objectClass, score, Double::sum);
    }

    /** The class with the largest summed score; ties go to the earlier enum constant. */
    ObjectClass winner() {
        ObjectClass best = null;
        double bestWeight = Double.NEGATIVE_INFINITY;
        for (Map.Entry<ObjectClass, Double> e : weights.entrySet()) {
            if (e.getValue() > bestWeight) {
                best = e.getKey();
                bestWeight = e.getValue();
            }
        }
        return best;
    }
}
