package vn.wardwatch.violation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.track.Track;

class CameraRulesTest {

    /** A rule that reports every track in every frame: the camera's rules must still report each once. */
    private static final class EveryFrame implements ViolationRule {
        @Override
        public ViolationType type() {
            return ViolationType.WRONG_WAY;
        }

        @Override
        public List<Violation> update(List<Track> tracks, RuleFrame frame) {
            return tracks.stream().map(t -> new Violation(type(), t.id(), t.objectClass(), "x", null,
                    frame.streamMillis(), frame.wallTime(), List.of(new Moment("on", frame.streamMillis(), t.box())),
                    null)).toList();
        }

        @Override
        public List<Violation> forget(Collection<Long> trackIds, RuleFrame frame) {
            return List.of();
        }
    }

    @Test
    void aTrackIsReportedOncePerRule() {
        CameraRules rules = new CameraRules(List.of(new EveryFrame()));
        SignalBoard none = new SignalBoard("cam", List.of());
        int reported = 0;
        for (int i = 0; i < 10; i++) {
            Track t = Tracks.at(7, ObjectClass.CAR, 100, 100, 0, 0, i * 100L);
            reported += rules.update(List.of(t), List.of(), Tracks.frame(i * 100L, none)).size();
        }
        assertEquals(1, reported);
    }

    @Test
    void geometryHashIsStableAndChangesWithTheGeometry() {
        LineConfig line = new LineConfig("a", new LineSegment(new Point(1, 2), new Point(3, 4.5)),
                java.util.Set.of("in", "out"), java.util.Set.of(ObjectClass.CAR, ObjectClass.BUS));
        String h1 = GeometryHash.of(new GeometryConfig(List.of(line), List.of()));
        LineConfig same = new LineConfig("a", new LineSegment(new Point(1.0, 2.0), new Point(3, 4.50)),
                java.util.Set.of("out", "in"), java.util.Set.of(ObjectClass.BUS, ObjectClass.CAR));
        assertEquals(h1, GeometryHash.of(new GeometryConfig(List.of(same), List.of())));
        LineConfig moved = new LineConfig("a", new LineSegment(new Point(1, 2), new Point(3, 5)),
                java.util.Set.of("in", "out"), java.util.Set.of(ObjectClass.CAR, ObjectClass.BUS));
        assertNotEquals(h1, GeometryHash.of(new GeometryConfig(List.of(moved), List.of())));
        assertEquals(64, h1.length());
    }
}
