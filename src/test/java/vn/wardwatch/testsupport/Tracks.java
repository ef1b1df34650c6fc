package vn.wardwatch.testsupport;

import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/** Builds Track snapshots for tests, placed by their bottom-centre anchor. */
public final class Tracks {

    private Tracks() {
    }

    public static Track at(long id, ObjectClass c, double anchorX, double anchorY) {
        return at(id, c, anchorX, anchorY, true);
    }

    public static Track at(long id, ObjectClass c, double anchorX, double anchorY, boolean matched) {
        return box(id, c, new BoundingBox(anchorX - 15, anchorY - 30, 30, 30), matched);
    }

    public static Track box(long id, ObjectClass c, BoundingBox box, boolean matched) {
        return new Track(id, c, 0.8, box, 0, 0, false, 0, 0, false, matched, 5, 0, 0);
    }
}
