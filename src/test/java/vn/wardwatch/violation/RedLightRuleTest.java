package vn.wardwatch.violation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.StopLineConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalColour;

class RedLightRuleTest {

    // A horizontal stop line at y = 200; traffic drives down the picture (towards the camera) through it. Walking
    // from (0,200) to (400,200), "down" is the right-hand side: crossing downwards is "out".
    private static final StopLineConfig STOP = new StopLineConfig("stop", new LineSegment(new Point(0, 200),
            new Point(400, 200)), "sig", null, "out");

    private final SignalBoard signals = Tracks.controllerBoard("sig");

    /** Drives track 1 from y = 150 to 260 in 10 px steps every 100 ms starting at {@code startMillis}. */
    private List<Violation> drive(RedLightRule rule, long startMillis, double vy) {
        List<Violation> out = new ArrayList<>();
        long t = startMillis;
        for (double y = 150; y <= 260; y += 10, t += 100) {
            out.addAll(rule.update(List.of(Tracks.at(1, ObjectClass.CAR, 100, y, 0, vy, t)), Tracks.frame(t, signals)));
        }
        out.addAll(rule.forget(List.of(1L), Tracks.frame(t, signals)));
        return out;
    }

    @Test
    void crossingOnRedAfterTheGracePeriodIsAViolationWithThreePictures() {
        RedLightRule rule = new RedLightRule(List.of(STOP), 0.5, false);
        signals.push("sig", SignalColour.RED, Tracks.T0);
        List<Violation> found = drive(rule, 2000, 100);
        assertEquals(1, found.size());
        Violation v = found.get(0);
        assertEquals(ViolationType.RED_LIGHT, v.type());
        assertEquals(List.of("before", "on", "past"), v.moments().stream().map(Moment::label).toList());
        assertTrue(v.moments().get(0).box().bottom() < 200 && v.moments().get(1).box().bottom() > 200);
        assertEquals(SignalColour.RED, v.signal().colour());
        assertEquals("controller", v.signal().source());
        assertEquals("stop", v.placeId());
    }

    @Test
    void greenAndYellowAreNotViolationsByDefault() {
        signals.push("sig", SignalColour.GREEN, Tracks.T0);
        assertEquals(List.of(), drive(new RedLightRule(List.of(STOP), 0.5, false), 2000, 100));
        signals.push("sig", SignalColour.YELLOW, Tracks.T0);
        assertEquals(List.of(), drive(new RedLightRule(List.of(STOP), 0.5, false), 2000, 100));
    }

    @Test
    void yellowCountsWhenConfigured() {
        signals.push("sig", SignalColour.YELLOW, Tracks.T0);
        assertEquals(1, drive(new RedLightRule(List.of(STOP), 0.5, true), 2000, 100).size());
    }

    @Test
    void crossingWithinTheGracePeriodIsLetGo() {
        // Red from t = 0; the front crosses y = 200 at about 600 ms after start = 600 ms: grace 2 s lets it go.
        signals.push("sig", SignalColour.RED, Tracks.T0);
        assertEquals(List.of(), drive(new RedLightRule(List.of(STOP), 2.0, false), 0, 100));
    }

    @Test
    void unknownSignalNeverMakesAViolation() {
        assertEquals(List.of(), drive(new RedLightRule(List.of(STOP), 0.5, false), 2000, 100));
    }

    @Test
    void crossingTheOtherWayIsNotThroughTraffic() {
        RedLightRule rule = new RedLightRule(List.of(STOP), 0.5, false);
        signals.push("sig", SignalColour.RED, Tracks.T0);
        List<Violation> out = new ArrayList<>();
        long t = 2000;
        for (double y = 260; y >= 150; y -= 10, t += 100) {
            out.addAll(rule.update(List.of(Tracks.at(1, ObjectClass.CAR, 100, y, 0, -100, t)),
                    Tracks.frame(t, signals)));
        }
        assertEquals(List.of(), out);
    }

    @Test
    void aVehicleStandingOnTheLineWithJitterIsNotCrossing() {
        RedLightRule rule = new RedLightRule(List.of(STOP), 0.5, false);
        signals.push("sig", SignalColour.RED, Tracks.T0);
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double y = 200 + (i % 2 == 0 ? 2 : -2);
            out.addAll(rule.update(List.of(Tracks.at(1, ObjectClass.CAR, 100, y, 0, 0, 2000 + i * 100L)),
                    Tracks.frame(2000 + i * 100L, signals)));
        }
        assertEquals(List.of(), out);
    }

    @Test
    void pedestriansAreNotVehicles() {
        RedLightRule rule = new RedLightRule(List.of(STOP), 0.5, false);
        signals.push("sig", SignalColour.RED, Tracks.T0);
        List<Violation> out = new ArrayList<>();
        long t = 2000;
        for (double y = 150; y <= 260; y += 10, t += 100) {
            out.addAll(rule.update(List.of(Tracks.at(1, ObjectClass.PERSON, 100, y, 0, 100, t)),
                    Tracks.frame(t, signals)));
        }
        assertEquals(List.of(), out);
    }

    @Test
    void vanishingRightAfterTheLineStillReportsWithTwoPictures() {
        RedLightRule rule = new RedLightRule(List.of(STOP), 0.5, false);
        signals.push("sig", SignalColour.RED, Tracks.T0);
        rule.update(List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 100, 190, 0, 100, 2000)), Tracks.frame(2000, signals));
        assertEquals(List.of(), rule.update(List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 100, 210, 0, 100, 2100)),
                Tracks.frame(2100, signals)));
        List<Violation> found = rule.forget(List.of(1L), Tracks.frame(2200, signals));
        assertEquals(1, found.size());
        assertEquals(List.of("before", "on"), found.get(0).moments().stream().map(Moment::label).toList());
    }
}
