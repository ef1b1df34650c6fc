package vn.wardwatch.violation;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.track.Track;

/** Synthetic tracks and frames for rule tests: a box whose bottom-centre is at (x, y), moving at (vx, vy) px/s. */
final class Tracks {

    static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    private Tracks() {
    }

    static Track at(long id, ObjectClass c, double x, double y, double vx, double vy, long millis) {
        return track(id, c, x, y, vx, vy, false, true, millis);
    }

    static Track track(long id, ObjectClass c, double x, double y, double vx, double vy, boolean stationary,
                       boolean matched, long millis) {
        BoundingBox box = new BoundingBox(x - 20, y - 30, 40, 30);
        return new Track(id, c, 0.9, box, 0, 0, false, vx, vy, stationary, matched, 10, 0, millis);
    }

    static RuleFrame frame(long millis, SignalBoard signals) {
        return frame(millis, LocalTime.NOON, signals);
    }

    static RuleFrame frame(long millis, LocalTime local, SignalBoard signals) {
        return new RuleFrame(millis, T0.plusMillis(millis), local, signals);
    }

    /** A board with one controller head, so that tests set its colour by push. */
    static SignalBoard controllerBoard(String headId) {
        return new SignalBoard("cam", List.of(new SignalHeadConfig(headId, new BoundingBox(0, 0, 10, 30), false)));
    }
}
