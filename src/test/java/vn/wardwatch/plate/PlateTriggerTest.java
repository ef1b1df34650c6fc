package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.testsupport.Tracks;
import vn.wardwatch.track.Track;

/** Which tracks are read and on which frames: crossing, standing in the zone, asked for by a rule. */
class PlateTriggerTest {

    private static final Instant WALL = Instant.parse("2026-11-22T01:00:00Z");
    /** Horizontal plate line at y = 200. */
    private static final LineSegment LINE = new LineSegment(new Point(0, 200), new Point(640, 200));
    /** Kerb zone: x 500..640, y 300..360. */
    private static final Polygon KERB = new Polygon(List.of(new Point(500, 300), new Point(640, 300),
            new Point(640, 360), new Point(500, 360)));

    private static PlateTrigger trigger(LineSegment line, Polygon zone, int candidates, double zoneSeconds) {
        return new PlateTrigger("cam", new PlateConfig(true, line, zone, 2, candidates, zoneSeconds, 8));
    }

    private static List<PlateTrigger.Offer> frame(PlateTrigger t, long millis, Track... tracks) {
        return t.update(List.of(tracks), List.of(), millis, WALL.plusMillis(millis));
    }

    @Test
    void aCrossingOpensARoundOfCandidateFramesAndTheLastOneSaysSo() {
        PlateTrigger t = trigger(LINE, null, 3, 60);
        assertEquals(List.of(), frame(t, 0, Tracks.at(1, ObjectClass.CAR, 100, 150)));
        List<PlateTrigger.Offer> crossing = frame(t, 200, Tracks.at(1, ObjectClass.CAR, 100, 250));
        assertEquals(1, crossing.size());
        assertEquals(new PlateTrigger.Offer(Tracks.at(1, ObjectClass.CAR, 100, 250), 1, PlateTrigger.LINE, false),
                crossing.get(0));
        // An unmatched (predicted) box is not cropped: it may not show the vehicle.
        assertEquals(List.of(), frame(t, 400, Tracks.at(1, ObjectClass.CAR, 100, 270, false)));
        assertEquals(false, frame(t, 600, Tracks.at(1, ObjectClass.CAR, 100, 290)).get(0).last());
        assertEquals(true, frame(t, 800, Tracks.at(1, ObjectClass.CAR, 100, 310)).get(0).last());
        assertEquals(List.of(), frame(t, 1000, Tracks.at(1, ObjectClass.CAR, 100, 330)), "one round per crossing");
    }

    @Test
    void vehiclesWithoutPlatesAreNotReadOnCrossingOrInTheZone() {
        PlateTrigger t = trigger(LINE, KERB, 3, 60);
        frame(t, 0, Tracks.at(1, ObjectClass.PERSON, 100, 150), Tracks.at(2, ObjectClass.BICYCLE, 550, 330));
        assertEquals(List.of(), frame(t, 200, Tracks.at(1, ObjectClass.PERSON, 100, 250),
                Tracks.at(2, ObjectClass.BICYCLE, 550, 330)));
    }

    @Test
    void aParkedVehicleIsReadOnArrivalAndAgainEveryInterval() {
        PlateTrigger t = trigger(null, KERB, 2, 10);
        Track parked = Tracks.at(5, ObjectClass.CAR, 550, 330);
        assertEquals(1, frame(t, 0, parked).get(0).round());
        assertTrue(frame(t, 200, parked).get(0).last());
        for (long ms = 400; ms < 10_000; ms += 200) {
            assertEquals(List.of(), frame(t, ms, parked), "no new round before the interval, at " + ms);
        }
        PlateTrigger.Offer again = frame(t, 10_000, parked).get(0);
        assertEquals(2, again.round());
        assertEquals(PlateTrigger.ZONE, again.reason());
        // Outside the zone nothing happens.
        assertEquals(List.of(), frame(t, 30_000, Tracks.at(6, ObjectClass.CAR, 100, 330)));
    }

    @Test
    void aRuleCanAskForAnyLiveTrackWithItsReason() {
        PlateTrigger t = trigger(null, null, 2, 60);
        Track bike = Tracks.at(9, ObjectClass.MOTORBIKE, 300, 300);
        frame(t, 0, bike);
        t.request(9, "red_light");
        t.request(77, "red_light"); // not on screen: ignored
        List<PlateTrigger.Offer> offers = frame(t, 200, bike);
        assertEquals(1, offers.size());
        assertEquals("red_light", offers.get(0).reason());
        assertEquals(1, offers.get(0).round());
    }

    @Test
    void aRequestDuringACollectingRoundRenamesItInsteadOfStartingAnother() {
        PlateTrigger t = trigger(LINE, null, 3, 60);
        frame(t, 0, Tracks.at(1, ObjectClass.CAR, 100, 150));
        assertEquals(PlateTrigger.LINE, frame(t, 200, Tracks.at(1, ObjectClass.CAR, 100, 250)).get(0).reason());
        t.request(1, "wrong_way");
        PlateTrigger.Offer offer = frame(t, 400, Tracks.at(1, ObjectClass.CAR, 100, 270)).get(0);
        assertEquals("wrong_way", offer.reason());
        assertEquals(1, offer.round());
    }

    @Test
    void aRemovedTrackIsForgotten() {
        PlateTrigger t = trigger(LINE, KERB, 2, 60);
        frame(t, 0, Tracks.at(1, ObjectClass.CAR, 550, 330));
        t.update(List.of(), List.of(1L), 200, WALL);
        // Were the track's state kept, this would be a second round (2) inside the interval, or nothing.
        assertEquals(1, frame(t, 400, Tracks.at(1, ObjectClass.CAR, 550, 330)).get(0).round());
    }

    @Test
    void reasonsAreShortPlainWords() {
        PlateTrigger t = trigger(LINE, null, 2, 60);
        assertThrows(IllegalArgumentException.class, () -> t.request(1, "Red Light"));
        assertThrows(IllegalArgumentException.class, () -> t.request(1, ""));
        assertThrows(IllegalArgumentException.class, () -> t.request(1, null));
    }
}
