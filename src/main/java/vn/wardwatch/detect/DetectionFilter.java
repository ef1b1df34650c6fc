package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.DetectConfig;

/**
 * One camera's own view of the shared detector's output: per-class minimum scores and mask polygons. A detection
 * whose bottom-centre (where it touches the road) lies inside a mask is dropped, e.g. a parked row or a billboard.
 */
public final class DetectionFilter {

    private final Map<ObjectClass, Double> thresholds = new EnumMap<>(ObjectClass.class);
    private final List<Polygon> masks;
    private final double lowest;

    /**
     * @param config           the camera's detect section; null thresholds or masks mean none
     * @param defaultThreshold minimum score of the classes the camera does not list (the detector's threshold)
     */
    public DetectionFilter(DetectConfig config, double defaultThreshold) {
        for (ObjectClass c : ObjectClass.values()) {
            Double t = config.thresholds() == null ? null : config.thresholds().get(c);
            thresholds.put(c, t != null ? t : defaultThreshold);
        }
        this.masks = config.masks() == null ? List.of() : List.copyOf(config.masks());
        this.lowest = thresholds.values().stream().mapToDouble(Double::doubleValue).min().orElse(defaultThreshold);
    }

    public double threshold(ObjectClass c) {
        return thresholds.get(c);
    }

    /** The lowest per-class threshold: run the detector at this score so that no class is cut too early. */
    public double lowestThreshold() {
        return lowest;
    }

    public boolean accepts(Detection d) {
        return d.score() >= thresholds.get(d.objectClass()) && !isMasked(d);
    }

    /** True when the detection's bottom-centre lies inside one of the camera's masks. */
    public boolean isMasked(Detection d) {
        double ax = d.box().centerX();
        double ay = d.box().bottom();
        for (Polygon mask : masks) {
            if (mask.contains(ax, ay)) {
                return true;
            }
        }
        return false;
    }

    public List<Detection> apply(List<Detection> detections) {
        List<Detection> kept = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            if (accepts(d)) {
                kept.add(d);
            }
        }
        return kept;
    }
}
