package vn.wardwatch.violation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.config.NoStoppingZoneConfig;
import vn.wardwatch.config.RestrictedZoneConfig;
import vn.wardwatch.config.TimeWindow;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.track.Track;

/** Wrong way, wrong lane, illegal stopping and restricted zone on synthetic tracks. */
class OtherRulesTest {

    private static final Polygon BOX = new Polygon(List.of(new Point(0, 0), new Point(600, 0), new Point(600, 400),
            new Point(0, 400)));
    /** Traffic in this lane must move right (+x). */
    private static final LaneConfig EASTBOUND = LaneConfig.of("east", BOX, new Point(0, 200), new Point(100, 200),
            Set.of(), List.of());
    private static final SignalBoard NO_SIGNALS = new SignalBoard("cam", List.of());

    /** Moves track 1 of class {@code c} along x from {@code fromX} by {@code stepX} per 200 ms frame. */
    private static List<Violation> run(ViolationRule rule, ObjectClass c, double fromX, double stepX, int frames,
                                       LocalTime local) {
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            long t = i * 200L;
            Track track = Tracks.at(1, c, fromX + i * stepX, 300, stepX * 5, 0, t);
            out.addAll(rule.update(List.of(track), Tracks.frame(t, local, NO_SIGNALS)));
        }
        return out;
    }

    @Test
    void wrongWayNeedsDistanceAndTime() {
        // Westbound 20 px per frame: 80 px after 4 frames (0.8 s), caught once 1 s has passed too.
        List<Violation> found = run(new WrongWayRule(List.of(EASTBOUND), 80, 1.0), ObjectClass.CAR, 500, -20, 10,
                LocalTime.NOON);
        assertEquals(1, found.size());
        assertEquals(ViolationType.WRONG_WAY, found.get(0).type());
        assertEquals(1000, found.get(0).streamMillis());
        assertEquals(List.of("start", "on"), found.get(0).moments().stream().map(Moment::label).toList());
    }

    @Test
    void withTheTrafficOrJitteringIsNeverWrongWay() {
        assertEquals(List.of(), run(new WrongWayRule(List.of(EASTBOUND), 80, 1.0), ObjectClass.CAR, 100, 20, 20,
                LocalTime.NOON));
        WrongWayRule rule = new WrongWayRule(List.of(EASTBOUND), 80, 1.0);
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double x = 300 + (i % 2 == 0 ? 15 : -15);
            out.addAll(rule.update(List.of(Tracks.at(1, ObjectClass.CAR, x, 300, 0, 0, i * 200L)),
                    Tracks.frame(i * 200L, NO_SIGNALS)));
        }
        assertEquals(List.of(), out);
    }

    @Test
    void wrongWayOutsideAnyLaneIsNotJudged() {
        assertEquals(List.of(), run(new WrongWayRule(List.of(EASTBOUND), 80, 1.0), ObjectClass.CAR, 1500, -20, 20,
                LocalTime.NOON));
    }

    @Test
    void wrongLaneIsAClassNotAllowedThereDuringItsHours() {
        LaneConfig motorbikesOnly = LaneConfig.of("mc", BOX, new Point(0, 0), new Point(1, 0),
                Set.of(ObjectClass.MOTORBIKE, ObjectClass.BICYCLE), List.of(new TimeWindow(LocalTime.of(6, 0),
                        LocalTime.of(22, 0))));
        List<Violation> car = run(new WrongLaneRule(List.of(motorbikesOnly)), ObjectClass.CAR, 100, 10, 10,
                LocalTime.NOON);
        assertEquals(1, car.size());
        assertEquals(ViolationType.WRONG_LANE, car.get(0).type());
        assertEquals("mc", car.get(0).laneId());
        assertEquals(List.of(), run(new WrongLaneRule(List.of(motorbikesOnly)), ObjectClass.MOTORBIKE, 100, 10, 10,
                LocalTime.NOON));
        assertEquals(List.of(), run(new WrongLaneRule(List.of(motorbikesOnly)), ObjectClass.CAR, 100, 10, 10,
                LocalTime.of(23, 30)));
        // Passing through for less than a second is a lane change, not lane use.
        assertEquals(List.of(), run(new WrongLaneRule(List.of(motorbikesOnly)), ObjectClass.CAR, 100, 10, 4,
                LocalTime.NOON));
    }

    @Test
    void illegalStoppingAfterTheDwellLimitOnly() {
        NoStoppingZoneConfig zone = new NoStoppingZoneConfig("kerb", BOX, 30, Set.of());
        IllegalStoppingRule rule = new IllegalStoppingRule(List.of(zone));
        List<Violation> out = new ArrayList<>();
        for (int s = 0; s <= 40; s++) {
            // Matched or not: on frames the motion gate skips the parked car's last track is fed again.
            Track parked = Tracks.track(1, ObjectClass.CAR, 300, 300, 0, 0, true, s % 2 == 0, s * 1000L);
            Track moving = Tracks.track(2, ObjectClass.CAR, 300, 300, 0, 0, false, true, s * 1000L);
            List<Violation> found = rule.update(List.of(parked, moving), Tracks.frame(s * 1000L, NO_SIGNALS));
            if (!found.isEmpty()) {
                assertEquals(31, s, "reported once the 30 s limit is passed");
            }
            out.addAll(found);
        }
        assertEquals(1, out.size());
        assertEquals(1, out.get(0).trackId());
        assertEquals(ViolationType.ILLEGAL_STOPPING, out.get(0).type());
    }

    @Test
    void restrictedZoneCatchesABannedClassEnteringDuringItsHours() {
        Polygon right = new Polygon(List.of(new Point(300, 0), new Point(600, 0), new Point(600, 400),
                new Point(300, 400)));
        RestrictedZoneConfig zone = new RestrictedZoneConfig("centre", right, Set.of(ObjectClass.TRUCK),
                List.of(new TimeWindow(LocalTime.of(6, 0), LocalTime.of(9, 0))));
        List<Violation> truck = run(new RestrictedZoneRule(List.of(zone)), ObjectClass.TRUCK, 200, 20, 15,
                LocalTime.of(7, 0));
        assertEquals(1, truck.size());
        assertEquals(List.of("before", "on"), truck.get(0).moments().stream().map(Moment::label).toList());
        assertEquals(List.of(), run(new RestrictedZoneRule(List.of(zone)), ObjectClass.CAR, 200, 20, 15,
                LocalTime.of(7, 0)));
        assertEquals(List.of(), run(new RestrictedZoneRule(List.of(zone)), ObjectClass.TRUCK, 200, 20, 15,
                LocalTime.of(12, 0)));
        // Already inside when first seen: it did not enter under the camera's eyes.
        assertEquals(List.of(), run(new RestrictedZoneRule(List.of(zone)), ObjectClass.TRUCK, 400, 5, 15,
                LocalTime.of(7, 0)));
    }

    @Test
    void timeWindowsRunOverMidnight() {
        TimeWindow night = new TimeWindow(LocalTime.of(22, 0), LocalTime.of(6, 0));
        assertEquals(true, night.contains(LocalTime.of(23, 0)));
        assertEquals(true, night.contains(LocalTime.of(5, 59)));
        assertEquals(false, night.contains(LocalTime.of(6, 0)));
        assertEquals(false, night.contains(LocalTime.NOON));
    }
}
