package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Predicate;
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

    /**
     * COCO detectors often report one vehicle twice, as car and truck (or bus, or motorbike and bicycle), with the
     * same box; a tracker would then make two tracks of it and count it twice. Among vehicle classes this keeps
     * the higher-scoring box and drops the other when their IoU is above {@code iouThreshold}; persons and
     * traffic lights are left alone (a rider overlaps the bike but is a different object).
     */
    public static List<Detection> acrossVehicleClasses(List<Detection> detections, double iouThreshold) {
        return acrossClasses(detections, ObjectClass::isVehicle, iouThreshold);
    }

    /**
     * Suppression as if the classes in {@code group} were one class: a box of the group is dropped when a
     * higher-scoring box of the group overlaps it by more than {@code iouThreshold}; other classes pass through.
     */
    public static List<Detection> acrossClasses(List<Detection> detections, Predicate<ObjectClass> group,
                                                double iouThreshold) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean suppressed = false;
            if (group.test(d.objectClass())) {
                for (Detection k : kept) {
                    if (group.test(k.objectClass()) && k.box().iou(d.box()) > iouThreshold) {
                        suppressed = true;
                        break;
                    }
                }
            }
            if (!suppressed) {
                kept.add(d);
            }
        }
        return kept;
    }
}
