package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.DetectConfig;

class DetectionFilterTest {

    static DetectConfig config(Map<ObjectClass, Double> thresholds, List<Polygon> masks) {
        return new DetectConfig(640, 360, 10, thresholds, masks, true, 8);
    }

    static Detection det(ObjectClass c, double score, double x, double y, double w, double h) {
        return new Detection(c, score, new BoundingBox(x, y, w, h));
    }

    @Test
    void perClassThresholdsFallBackToTheDefault() {
        DetectionFilter f = new DetectionFilter(config(Map.of(ObjectClass.MOTORBIKE, 0.2, ObjectClass.PERSON, 0.6),
                List.of()), 0.35);
        assertTrue(f.accepts(det(ObjectClass.MOTORBIKE, 0.25, 0, 0, 10, 10)));
        assertFalse(f.accepts(det(ObjectClass.PERSON, 0.5, 0, 0, 10, 10)));
        assertFalse(f.accepts(det(ObjectClass.CAR, 0.3, 0, 0, 10, 10)));
        assertTrue(f.accepts(det(ObjectClass.CAR, 0.35, 0, 0, 10, 10)));
        assertEquals(0.2, f.lowestThreshold(), 1e-12);
        assertEquals(0.35, f.threshold(ObjectClass.BUS), 1e-12);
    }

    @Test
    void masksDropDetectionsByBottomCentreAnchor() {
        // Mask: the bottom-left quarter of a 640x360 frame.
        Polygon mask = new Polygon(List.of(new Point(0, 180), new Point(320, 180), new Point(320, 360),
                new Point(0, 360)));
        DetectionFilter f = new DetectionFilter(config(Map.of(), List.of(mask)), 0.3);
        Detection parked = det(ObjectClass.CAR, 0.9, 100, 200, 80, 50);        // anchor (140, 250): inside
        Detection reachingIn = det(ObjectClass.CAR, 0.9, 280, 100, 100, 70);   // overlaps, anchor (330, 170)
        Detection passing = det(ObjectClass.CAR, 0.9, 400, 200, 80, 50);       // anchor (440, 250)
        assertEquals(List.of(reachingIn, passing), f.apply(List.of(parked, reachingIn, passing)));
    }

    @Test
    void missingThresholdsAndMasksMeanNone() {
        DetectionFilter f = new DetectionFilter(config(null, null), 0.3);
        assertEquals(1, f.apply(List.of(det(ObjectClass.TRUCK, 0.3, 0, 0, 5, 5))).size());
        assertEquals(0, f.apply(List.of(det(ObjectClass.TRUCK, 0.29, 0, 0, 5, 5))).size());
    }
}
