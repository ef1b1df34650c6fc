package vn.wardwatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.app.eval.DetectionMatcher.Counts;
import vn.wardwatch.app.eval.DetectionMatcher.Scored;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;

/** Matching, counts and AP on synthetic boxes whose answers are worked out by hand. */
class DetectionMatcherTest {

    static Detection det(double score, double x, double y, double w, double h) {
        return new Detection(ObjectClass.CAR, score, new BoundingBox(x, y, w, h));
    }

    // Three labelled boxes; four detections: a hit, a duplicate of that hit, a second hit, and one on empty road.
    static final List<BoundingBox> TRUTHS = List.of(
            new BoundingBox(0, 0, 10, 10),
            new BoundingBox(100, 0, 10, 10),
            new BoundingBox(200, 0, 10, 10));
    static final List<Detection> DETECTIONS = List.of(
            det(0.6, 300, 300, 10, 10), // nothing there: FP
            det(0.9, 0, 0, 10, 10),     // truth 0: TP
            det(0.8, 1, 0, 10, 10),     // truth 0 again (IoU 0.82): duplicate, FP
            det(0.7, 101, 1, 10, 10));  // truth 1 (IoU 0.68): TP; truth 2 is never found: FN

    @Test
    void greedyMatchingRanksByScoreAndCountsDuplicatesAsFalsePositives() {
        List<Scored> s = DetectionMatcher.match(TRUTHS, DETECTIONS, 0.5);
        assertEquals(List.of(new Scored(0.9, true), new Scored(0.8, false), new Scored(0.7, true),
                new Scored(0.6, false)), s);
        assertEquals(new Counts(2, 2, 1), DetectionMatcher.count(s, TRUTHS.size(), 0.0));
        // At 0.75 only the two best count: one hit, one duplicate; two boxes missed.
        Counts high = DetectionMatcher.count(s, TRUTHS.size(), 0.75);
        assertEquals(new Counts(1, 1, 2), high);
        assertEquals(0.5, high.precision(), 1e-12);
        assertEquals(1.0 / 3, high.recall(), 1e-12);
    }

    @Test
    void averagePrecisionIsAreaUnderTheInterpolatedCurve() {
        List<Scored> s = DetectionMatcher.match(TRUTHS, DETECTIONS, 0.5);
        // Ranked: TP (p 1, r 1/3), FP (1/2, 1/3), TP (2/3, 2/3), FP (1/2, 2/3).
        // Interpolated: p = 1 up to r 1/3, then 2/3 up to r 2/3: AP = 1/3 * 1 + 1/3 * 2/3 = 5/9.
        assertEquals(5.0 / 9, DetectionMatcher.averagePrecision(s, TRUTHS.size()), 1e-12);
        // Same detections split over two images rank the same way.
        List<Scored> a = DetectionMatcher.match(TRUTHS.subList(0, 1), DETECTIONS.subList(1, 3), 0.5);
        List<Scored> b = DetectionMatcher.match(TRUTHS.subList(1, 3), List.of(DETECTIONS.get(0), DETECTIONS.get(3)),
                0.5);
        List<Scored> both = new java.util.ArrayList<>(a);
        both.addAll(b);
        assertEquals(5.0 / 9, DetectionMatcher.averagePrecision(both, TRUTHS.size()), 1e-12);
        assertEquals(1.0, DetectionMatcher.averagePrecision(List.of(new Scored(0.9, true)), 1), 1e-12);
        assertEquals(0.0, DetectionMatcher.averagePrecision(List.of(), 2), 1e-12);
        assertTrue(Double.isNaN(DetectionMatcher.averagePrecision(List.of(), 0)));
    }

    @Test
    void higherScoreClaimsItsBestBoxFirstAndLowOverlapDoesNotMatch() {
        List<BoundingBox> truths = List.of(new BoundingBox(0, 0, 10, 10), new BoundingBox(6, 0, 10, 10));
        // The 0.9 box overlaps truth 1 most (IoU 0.67) and takes it although the 0.8 box fits it exactly;
        // the 0.8 box then overlaps truth 0 by only 0.25: FP.
        List<Scored> s = DetectionMatcher.match(truths,
                List.of(det(0.8, 6, 0, 10, 10), det(0.9, 4, 0, 10, 10)), 0.5);
        assertTrue(s.get(0).truePositive());
        assertFalse(s.get(1).truePositive());
        assertEquals(new Counts(1, 1, 1), DetectionMatcher.count(s, 2, 0.5));
    }

    @Test
    void yoloLabelsAreScaledByTheImageSize() {
        List<YoloLabels.Label> labels = YoloLabels.parse(List.of(
                "0 0.5 0.5 0.2 0.4",
                "",
                "2 0.1 0.1 0.3 0.1 0.2 0.4"), 380, 270);
        assertEquals(2, labels.size());
        BoundingBox box = labels.get(0).box();
        assertEquals(0, labels.get(0).classId());
        assertEquals(152, box.x(), 1e-9);
        assertEquals(81, box.y(), 1e-9);
        assertEquals(76, box.width(), 1e-9);
        assertEquals(108, box.height(), 1e-9);
        // A polygon becomes the rectangle around its points.
        assertTrue(labels.get(1).fromPolygon());
        assertEquals(BoundingBox.fromCorners(38, 27, 114, 108), labels.get(1).box());
        assertThrows(IllegalArgumentException.class, () -> YoloLabels.parse(List.of("0 0.5 0.5 0.2"), 10, 10));
        assertEquals(List.of("car", "green_light", "motobike"),
                YoloLabels.classNames(List.of("car", "Green_Light ", "motobike", "")));
    }
}
