package vn.wardwatch.analytics.traffic;

import java.util.List;
import java.util.Set;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/** Synthetic tracks and a 600 x 200 px road zone, traffic moving right (x grows), for the traffic tests. */
public final class TrafficFixtures {

    public static final ZoneConfig ROAD = new ZoneConfig("road", new Polygon(List.of(new Point(0, 0),
            new Point(600, 0), new Point(600, 200), new Point(0, 200))), Set.of());

    private TrafficFixtures() {
    }

    /** A zone with direction left to right, calibration lines at x = 100 and x = 300 (20 m apart), given levels. */
    public static TrafficConfig.Zone zone(List<TrafficConfig.LevelRule> levels, TrafficConfig.CrowdRule crowd,
                                          TrafficConfig.SurgeRule surge) {
        return new TrafficConfig.Zone("road", new LineSegment(new Point(0, 100), new Point(600, 100)), 40,
                new TrafficConfig.Calibration(new LineSegment(new Point(100, 0), new Point(100, 200)),
                        new LineSegment(new Point(300, 0), new Point(300, 200)), 20),
                levels, crowd, surge);
    }

    /** A 40 x 20 px box whose bottom-centre anchor is at (x, y). */
    public static Track track(long id, ObjectClass c, double x, double y, double vx, boolean stationary, long t) {
        return new Track(id, c, 0.9, new BoundingBox(x - 20, y - 20, 40, 20), 0, 0, false, vx, 0, stationary, true,
                10, 0, t);
    }

    public static List<Track> people(int n, long t) {
        List<Track> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Track(1000 + i, ObjectClass.PERSON, 0.9, new BoundingBox(10 + i * 5, 50, 4, 10), 0, 0, false,
                    0, 0, false, true, 10, 0, t));
        }
        return out;
    }
}
