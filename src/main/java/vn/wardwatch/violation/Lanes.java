package vn.wardwatch.violation;

import java.util.List;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.track.Track;

/** Which lane a track drives in: the first, in config order, that holds its bottom-centre anchor. */
final class Lanes {

    private Lanes() {
    }

    static LaneConfig containing(List<LaneConfig> lanes, Track t) {
        for (LaneConfig lane : lanes) {
            if (lane.polygon().contains(t.anchorX(), t.anchorY())) {
                return lane;
            }
        }
        return null;
    }
}
