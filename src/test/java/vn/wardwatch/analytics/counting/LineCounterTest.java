package vn.wardwatch.analytics.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.testsupport.Tracks;

class LineCounterTest {

    /** Walking from a to b goes right on screen, so the left-hand side is above (smaller y): upward is "in". */
    private static final LineSegment SEGMENT = new LineSegment(new Point(100, 200), new Point(300, 200));
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private static LineCounter counter(Set<String> directions, Set<ObjectClass> classes) {
        return new LineCounter("cam1", new LineConfig("gate", SEGMENT, directions, classes), 4.0);
    }

    private static LineCounter both() {
        return counter(Set.of("in", "out"), Set.of());
    }

    /** Runs one track through anchor positions (x, y pairs), one frame each; returns all events. */
    private static List<CountEvent> walk(LineCounter counter, long id, ObjectClass c, double... xy) {
        List<CountEvent> events = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            long millis = i * 50L;
            events.addAll(counter.update(List.of(Tracks.at(id, c, xy[i], xy[i + 1])), millis,
                    T0.plusMillis(millis)));
        }
        return events;
    }

    private static double[] vertical(double x, double fromY, double toY, double step) {
        int n = (int) Math.round(Math.abs(toY - fromY) / step) + 1;
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = x;
            xy[2 * i + 1] = fromY + Math.signum(toY - fromY) * step * i;
        }
        return xy;
    }

    @Test
    void crossingInsideTheSegmentCountsOnceWithItsDirection() {
        LineCounter counter = both();
        List<CountEvent> up = walk(counter, 1, ObjectClass.MOTORBIKE, vertical(200, 260, 140, 10));
        assertEquals(1, up.size());
        CountEvent e = up.get(0);
        assertEquals("cam1", e.cameraId());
        assertEquals("gate", e.lineId());
        assertEquals(ObjectClass.MOTORBIKE, e.objectClass());
        assertEquals(CountEvent.IN, e.direction());
        assertEquals(1, e.trackId());
        // 260, 250, ..., 200 is the 7th frame (in the band); 190 (the 8th, index 14 in xy) is clearly above.
        assertEquals(14 * 50L, e.streamMillis());
        assertEquals(T0.plusMillis(14 * 50L), e.wallTime());

        List<CountEvent> down = walk(counter, 2, ObjectClass.CAR, vertical(150, 140, 260, 10));
        assertEquals(1, down.size());
        assertEquals(CountEvent.OUT, down.get(0).direction());
    }

    @Test
    void crossingBeyondTheSegmentEndDoesNotCount() {
        LineCounter counter = both();
        assertTrue(walk(counter, 1, ObjectClass.CAR, vertical(310, 260, 140, 10)).isEmpty());
        assertTrue(walk(counter, 2, ObjectClass.CAR, vertical(90, 140, 260, 10)).isEmpty());
        // Just inside the ends does count.
        assertEquals(1, walk(counter, 3, ObjectClass.CAR, vertical(295, 260, 140, 10)).size());
        assertEquals(1, walk(counter, 4, ObjectClass.CAR, vertical(105, 260, 140, 10)).size());
    }

    @Test
    void crossingPointIsTakenOnThePathNotAtEitherEnd() {
        // From beside the segment's end to beyond the other side: the path meets y = 200 at x = 110, inside.
        assertTrue(SEGMENT.crossedBy(new Point(90, 250), new Point(130, 150)));
        // Both ends above the segment's x range, but the path meets the line at x = 70, outside.
        assertFalse(SEGMENT.crossedBy(new Point(90, 210), new Point(50, 190)));
    }

    @Test
    void jitterInsideTheDeadBandNeverCounts() {
        LineCounter counter = both();
        // Approaches from below, then the box bottom jitters +-3 px on the line for a long time, then leaves below.
        List<CountEvent> events = new ArrayList<>(walk(counter, 1, ObjectClass.CAR, 200, 240, 200, 220));
        for (int i = 0; i < 40; i++) {
            events.addAll(walk(counter, 1, ObjectClass.CAR, 200, i % 2 == 0 ? 197 : 203));
        }
        events.addAll(walk(counter, 1, ObjectClass.CAR, 200, 230));
        assertTrue(events.isEmpty());
    }

    @Test
    void jitterAcrossTheBandCountsAtMostOnce() {
        LineCounter counter = both();
        List<CountEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.addAll(walk(counter, 1, ObjectClass.CAR, 200, i % 2 == 0 ? 194 : 206));
        }
        assertEquals(1, events.size());
    }

    @Test
    void takingSeveralFramesThroughTheBandStillCounts() {
        LineCounter counter = both();
        List<CountEvent> events = walk(counter, 1, ObjectClass.BUS,
                200, 230, 200, 203, 201, 201, 202, 199, 200, 198, 200, 197, 200, 170);
        assertEquals(1, events.size());
        assertEquals(CountEvent.IN, events.get(0).direction());
    }

    @Test
    void onlyConfiguredDirectionsAreCounted() {
        LineCounter outOnly = counter(Set.of("out"), Set.of());
        assertTrue(walk(outOnly, 1, ObjectClass.CAR, vertical(200, 260, 140, 10)).isEmpty());
        List<CountEvent> events = walk(outOnly, 2, ObjectClass.CAR, vertical(200, 140, 260, 10));
        assertEquals(1, events.size());
        assertEquals(CountEvent.OUT, events.get(0).direction());
    }

    @Test
    void onlyConfiguredClassesAreCounted() {
        LineCounter carsOnly = counter(Set.of("in", "out"), Set.of(ObjectClass.CAR));
        assertTrue(walk(carsOnly, 1, ObjectClass.MOTORBIKE, vertical(200, 260, 140, 10)).isEmpty());
        assertEquals(1, walk(carsOnly, 2, ObjectClass.CAR, vertical(200, 260, 140, 10)).size());
    }

    @Test
    void reCrossingByTheSameTrackDoesNotCountAgain() {
        LineCounter counter = both();
        List<CountEvent> events = new ArrayList<>();
        events.addAll(walk(counter, 1, ObjectClass.CAR, vertical(200, 260, 140, 10)));
        events.addAll(walk(counter, 1, ObjectClass.CAR, vertical(200, 140, 260, 10)));
        events.addAll(walk(counter, 1, ObjectClass.CAR, vertical(200, 260, 140, 10)));
        assertEquals(1, events.size());
        assertEquals(CountEvent.IN, events.get(0).direction());
    }

    @Test
    void forgetFreesTheTracksState() {
        LineCounter counter = both();
        assertEquals(1, walk(counter, 1, ObjectClass.CAR, vertical(200, 260, 140, 10)).size());
        counter.forget(List.of(1L));
        assertEquals(1, walk(counter, 1, ObjectClass.CAR, vertical(200, 140, 260, 10)).size());
    }

    @Test
    void predictedPositionsOfCoastingTracksAreNotUsedButOcclusionAcrossTheLineCounts() {
        LineCounter counter = both();
        assertTrue(counter.update(List.of(Tracks.at(1, ObjectClass.CAR, 200, 230)), 0, T0).isEmpty());
        // The prediction runs across the line while the detector has lost the object: no count on a guess.
        assertTrue(counter.update(List.of(Tracks.at(1, ObjectClass.CAR, 200, 170, false)), 100, T0).isEmpty());
        // Seen again: it really is on the other side.
        List<CountEvent> events = counter.update(List.of(Tracks.at(1, ObjectClass.CAR, 200, 160)), 200, T0);
        assertEquals(1, events.size());
        assertEquals(200, events.get(0).streamMillis());
    }

    @Test
    void tracksFirstSeenOnOneSideDoNotCount() {
        LineCounter counter = both();
        assertTrue(walk(counter, 1, ObjectClass.CAR, vertical(200, 190, 100, 10)).isEmpty());
    }
}
