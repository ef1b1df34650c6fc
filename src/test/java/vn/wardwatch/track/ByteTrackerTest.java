package vn.wardwatch.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;

class ByteTrackerTest {

    private static final long FRAME_MS = 100; // 10 fps

    private static Detection det(ObjectClass c, double score, double x, double y, double w, double h) {
        return new Detection(c, score, new BoundingBox(x, y, w, h));
    }

    private static Detection car(double x, double y) {
        return det(ObjectClass.CAR, 0.8, x, y, 60, 40);
    }

    private static Optional<Track> nearest(List<Track> tracks, double anchorX) {
        return tracks.stream().min((a, b) -> Double.compare(Math.abs(a.anchorX() - anchorX),
                Math.abs(b.anchorX() - anchorX)));
    }

    @Test
    void confirmsAfterTwoHitsAndReportsNothingBefore() {
        ByteTracker tracker = new ByteTracker();
        assertTrue(tracker.update(List.of(car(100, 100)), 0).isEmpty());
        List<Track> second = tracker.update(List.of(car(105, 100)), FRAME_MS);
        assertEquals(1, second.size());
        Track t = second.get(0);
        assertEquals(1, t.id());
        assertEquals(2, t.hits());
        assertTrue(t.matched());
        assertFalse(t.hasPrevious());
        assertEquals(0, t.firstSeenMillis());
        assertEquals(FRAME_MS, t.timestampMillis());

        Track third = tracker.update(List.of(car(110, 100)), 2 * FRAME_MS).get(0);
        assertTrue(third.hasPrevious());
        assertEquals(135, third.previousAnchorX(), 1e-9); // anchor of the previous report: 105 + 60/2
        assertEquals(140, third.previousAnchorY(), 1e-9);
    }

    @Test
    void velocityIsInPixelsPerSecondWithUnevenFrameGaps() {
        ByteTracker tracker = new ByteTracker();
        long[] times = {0, 100, 250, 300, 450, 600, 650, 800, 1000, 1100, 1250, 1400, 1500, 1700, 1800, 2000};
        Track last = null;
        for (long t : times) {
            // 120 px/s to the right, 30 px/s down.
            List<Track> out = tracker.update(List.of(car(100 + 0.12 * t, 100 + 0.03 * t)), t);
            if (!out.isEmpty()) {
                last = out.get(0);
            }
        }
        assertEquals(120, last.velocityX(), 6);
        assertEquals(30, last.velocityY(), 3);
    }

    @Test
    void twoObjectsCrossingPathsKeepTheirIds() {
        ByteTracker tracker = new ByteTracker();
        long idFromLeft = -1;
        long idFromRight = -1;
        for (int f = 0; f <= 30; f++) {
            double leftX = 100 + 15 * f;  // moving right, 150 px/s
            double rightX = 550 - 15 * f; // moving left; the boxes overlap heavily around f = 15
            List<Track> out = tracker.update(List.of(car(leftX, 200), car(rightX, 210)), f * FRAME_MS);
            if (f == 0) {
                continue;
            }
            assertEquals(2, out.size(), "frame " + f);
            Track fromLeft = nearest(out, leftX + 30).orElseThrow();
            Track fromRight = nearest(out, rightX + 30).orElseThrow();
            if (f == 1) {
                idFromLeft = fromLeft.id();
                idFromRight = fromRight.id();
            }
            if (Math.abs(leftX - rightX) > 1) { // at exact overlap "nearest" cannot tell them apart
                assertEquals(idFromLeft, fromLeft.id(), "frame " + f);
                assertEquals(idFromRight, fromRight.id(), "frame " + f);
            }
        }
        assertNotEquals(idFromLeft, idFromRight);
        assertTrue(tracker.drainRemovedIds().isEmpty());
    }

    @Test
    void trackSurvivesAThreeFrameMissAndIsReportedAsCoastingMeanwhile() {
        ByteTracker tracker = new ByteTracker();
        long id = -1;
        for (int f = 0; f < 25; f++) {
            double x = 100 + 10 * f; // 100 px/s
            boolean missed = f >= 10 && f <= 12;
            List<Track> out = tracker.update(missed ? List.of() : List.of(car(x, 100)), f * FRAME_MS);
            if (f == 0) {
                continue;
            }
            assertEquals(1, out.size(), "frame " + f);
            Track t = out.get(0);
            if (f == 1) {
                id = t.id();
            }
            assertEquals(id, t.id(), "frame " + f);
            assertEquals(!missed, t.matched(), "frame " + f);
            if (missed) {
                // The prediction keeps moving with the object.
                assertEquals(x, t.box().x(), 3, "frame " + f);
            }
        }
        assertTrue(tracker.drainRemovedIds().isEmpty());
    }

    @Test
    void unseenTrackStopsBeingReportedAfterCoastingAndIsRemovedAfterMaxLost() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(100, 100)), 0);
        long id = tracker.update(List.of(car(100, 100)), 100).get(0).id();
        assertEquals(1, tracker.update(List.of(), 500).size());   // 400 ms unseen: still coasting
        assertTrue(tracker.update(List.of(), 700).isEmpty());     // 600 ms: lost, not reported
        assertTrue(tracker.drainRemovedIds().isEmpty());
        assertTrue(tracker.update(List.of(), 1600).isEmpty());    // 1500 ms: kept
        assertTrue(tracker.drainRemovedIds().isEmpty());
        tracker.update(List.of(), 1700);                          // 1600 ms: removed
        assertEquals(List.of(id), tracker.drainRemovedIds());
        assertTrue(tracker.drainRemovedIds().isEmpty(), "drain empties the list");
    }

    @Test
    void lostTrackIsRefoundWithItsIdAfterAGapInStreamTime() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(300, 100)), 0);
        long id = tracker.update(List.of(car(300, 100)), 100).get(0).id();
        // Occluded for a second (and the stream itself skipped frames): same place, same object.
        List<Track> out = tracker.update(List.of(car(302, 101)), 1100);
        assertEquals(1, out.size());
        assertEquals(id, out.get(0).id());
        assertTrue(out.get(0).matched());
    }

    @Test
    void lowScoreDetectionsKeepATrackAliveButDoNotStartOne() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(100, 100)), 0);
        long id = tracker.update(List.of(car(102, 100)), 100).get(0).id();
        // 2.5 s of low scores (longer than maxLost) on the car, while an unrelated low-score object sits elsewhere.
        for (int f = 2; f < 27; f++) {
            Detection weakCar = det(ObjectClass.CAR, 0.35, 100 + 2 * f, 100, 60, 40);
            Detection weakOther = det(ObjectClass.MOTORBIKE, 0.4, 500, 300, 20, 35);
            List<Track> out = tracker.update(List.of(weakCar, weakOther), f * FRAME_MS);
            assertEquals(1, out.size(), "frame " + f);
            assertEquals(id, out.get(0).id());
            assertTrue(out.get(0).matched());
        }
        assertTrue(tracker.drainRemovedIds().isEmpty());
    }

    @Test
    void lowScoreDetectionsDoNotRevive_aLostTrack() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(100, 100)), 0);
        tracker.update(List.of(car(100, 100)), 100);
        tracker.update(List.of(), 200); // now lost
        List<Track> out = tracker.update(List.of(det(ObjectClass.CAR, 0.35, 100, 100, 60, 40)), 300);
        assertEquals(1, out.size());
        assertFalse(out.get(0).matched(), "low scores only extend tracks seen in the previous frame");
    }

    @Test
    void idsAreNeverReused() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(100, 100)), 0);
        long first = tracker.update(List.of(car(100, 100)), 100).get(0).id();
        for (long t = 200; t <= 2000; t += 100) {
            tracker.update(List.of(), t);
        }
        assertEquals(List.of(first), tracker.drainRemovedIds());
        tracker.update(List.of(car(100, 100)), 2100);
        long second = tracker.update(List.of(car(100, 100)), 2200).get(0).id();
        assertTrue(second > first, "a new object in the same place gets a fresh id");
    }

    @Test
    void tentativeTracksDoNotUseUpIds() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(100, 100)), 0);     // one-frame false positive
        tracker.update(List.of(), 100);
        tracker.update(List.of(car(400, 300)), 200);
        assertEquals(1, tracker.update(List.of(car(400, 300)), 300).get(0).id());
    }

    @Test
    void classIsAScoreWeightedVoteAndFlickerDoesNotSplitTheTrack() {
        ByteTracker tracker = new ByteTracker();
        ObjectClass[] seen = {ObjectClass.TRUCK, ObjectClass.CAR, ObjectClass.TRUCK, ObjectClass.CAR, ObjectClass.CAR,
            ObjectClass.TRUCK, ObjectClass.CAR};
        double[] scores = {0.9, 0.6, 0.9, 0.6, 0.6, 0.9, 0.6}; // truck 2.7 vs car 2.4
        List<Track> out = List.of();
        for (int f = 0; f < seen.length; f++) {
            out = tracker.update(List.of(det(seen[f], scores[f], 100 + 5 * f, 100, 80, 60)), f * FRAME_MS);
        }
        assertEquals(1, out.size());
        assertEquals(1, out.get(0).id());
        assertEquals(ObjectClass.TRUCK, out.get(0).objectClass());
        out = tracker.update(List.of(det(ObjectClass.CAR, 0.9, 135, 100, 80, 60)), 700); // car 3.3 now
        assertEquals(ObjectClass.CAR, out.get(0).objectClass());
        assertEquals(1, out.get(0).id());
    }

    @Test
    void personNextToACarIsNotMergedIntoIt() {
        ByteTracker tracker = new ByteTracker();
        Detection parkedCar = det(ObjectClass.CAR, 0.8, 100, 100, 120, 80);
        Detection person = det(ObjectClass.PERSON, 0.8, 150, 95, 35, 80); // overlaps the car box (IoU ~ 0.2)
        assertTrue(parkedCar.box().iou(person.box()) > 0.15);
        tracker.update(List.of(parkedCar), 0);
        long carId = tracker.update(List.of(parkedCar), 100).get(0).id();
        // The car is missed while the person stands in front of it.
        List<Track> out = tracker.update(List.of(person), 200);
        Track carTrack = out.stream().filter(t -> t.id() == carId).findFirst().orElseThrow();
        assertFalse(carTrack.matched(), "the person's detection must not feed the car track");
        assertEquals(ObjectClass.CAR, carTrack.objectClass());
        out = tracker.update(List.of(parkedCar, person), 300);
        assertEquals(2, out.size());
        Track personTrack = out.stream().filter(t -> t.id() != carId).findFirst().orElseThrow();
        assertEquals(ObjectClass.PERSON, personTrack.objectClass());
        assertTrue(out.stream().allMatch(Track::matched));
    }

    @Test
    void parkedCarWithJitteringBoxIsStationary() {
        ByteTracker tracker = new ByteTracker();
        Random random = new Random(42);
        List<Track> out = List.of();
        for (int f = 0; f < 40; f++) {
            // Box edges jitter by up to +-3 px (a tenth of the height is 8 px).
            double x = 200 + jitter(random, 3);
            double y = 150 + jitter(random, 3);
            double w = 120 + jitter(random, 3);
            double h = 80 + jitter(random, 3);
            out = tracker.update(List.of(det(ObjectClass.CAR, 0.4 + random.nextDouble() * 0.5, x, y, w, h)),
                    f * FRAME_MS);
            if (f == 10) {
                assertFalse(out.get(0).stationary(), "one second is too short to tell");
            }
        }
        assertEquals(1, out.size());
        assertTrue(out.get(0).stationary());
    }

    @Test
    void slowlyMovingCarIsNotStationary() {
        ByteTracker tracker = new ByteTracker();
        Random random = new Random(42);
        List<Track> out = List.of();
        for (int f = 0; f < 40; f++) {
            double x = 200 + 2 * f + jitter(random, 2); // 20 px/s: 40 px over the 2 s window
            out = tracker.update(List.of(det(ObjectClass.CAR, 0.8, x, 150, 120, 80)), f * FRAME_MS);
        }
        assertFalse(out.get(0).stationary());
    }

    @Test
    void streamRestartEndsAllTracks() {
        ByteTracker tracker = new ByteTracker();
        tracker.update(List.of(car(100, 100)), 5000);
        long id = tracker.update(List.of(car(100, 100)), 5100).get(0).id();
        assertTrue(tracker.update(List.of(car(100, 100)), 0).isEmpty());
        assertEquals(List.of(id), tracker.drainRemovedIds());
    }

    private static double jitter(Random random, double amplitude) {
        return (random.nextDouble() * 2 - 1) * amplitude;
    }

    @Test
    void denseStationaryRowOfMotorbikesKeepsDistinctIds() {
        ByteTracker tracker = new ByteTracker();
        Random random = new Random(3);
        List<Track> out = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            List<Detection> row = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // 24 px wide bikes 26 px apart, with jitter: neighbours' buffered boxes overlap.
                row.add(det(ObjectClass.MOTORBIKE, 0.6, 100 + 26 * i + jitter(random, 2), 300, 24, 40));
            }
            out = tracker.update(row, f * FRAME_MS);
        }
        assertEquals(8, out.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, out.get(i).id());
            assertEquals(100 + 26 * i + 12, out.get(i).anchorX(), 3);
        }
    }
}
