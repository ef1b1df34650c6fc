package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Per-class greedy non-maximum suppression: a car box never suppresses a person box. */
public final class Nms {

    private Nms() {
    }

    /**
     * Keeps, per class, the highest-scoring boxes and drops any box whose IoU with a kept box of the same class
     * is above {@code iouThreshold}. The result is sorted by score, highest first.
     */
    public static List<Detection> apply(List<Detection> candidates, double iouThreshold) {
        Map<ObjectClass, List<Detection>> byClass = new EnumMap<>(ObjectClass.class);
        for (Detection d : candidates) {
            byClass.computeIfAbsent(d.objectClass(), c -> new ArrayList<>()).add(d);
        }
        List<Detection> kept = new ArrayList<>();
        for (List<Detection> group : byClass.values()) {
            group.sort(Comparator.comparingDouble(Detection::score).reversed());
            List<Detection> keptOfClass = new ArrayList<>();
            for (Detection d : group) {
                boolean suppressed = false;
                for (Detection k : keptOfClass) {
                    if (k.box().iou(d.box()) > iouThreshold) {
                        suppressed = true;
                        break;
                    }
                }
                if (!suppressed) {
                    keptOfClass.add(d);
                }
            }
            kept.addAll(keptOfClass);
        }
        kept.sort(Comparator.comparingDouble(Detection::score).reversed());
        return kept;
    }
}
