package vn.wardwatch.analytics.traffic;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ViolationConfig;
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

    /**
     * Camera gate1 (640 x 360, UTC+7) with the road zone: congested at 3 vehicles (half of them standing), a crowd at
     * 5 people for 2 s; with these signal heads.
     */
    public static CameraConfig gate1(List<SignalHeadConfig> signalHeads) {
        TrafficConfig.Zone road = zone(List.of(new TrafficConfig.LevelRule("congested", 3.0, 0.5, null, null, null)),
                new TrafficConfig.CrowdRule(5, 2), null);
        return new CameraConfig("gate1", "Gate 1", ZoneOffset.ofHours(7).normalized(), LocationConfig.UNKNOWN,
                new SourceConfig("x.mp4", "x.mp4", false, 10),
                new DetectConfig(640, 360, 5, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of(ROAD), List.of(), signalHeads, List.of(), List.of(), List.of()),
                PlateConfig.DISABLED, ViolationConfig.DISABLED, new TrafficConfig(true, 0.2, 1, Map.of("road", road)));
    }

    /** 6 people and 4 cars standing in a queue from the road's downstream end, at stream time {@code t}. */
    public static List<Track> queueAndCrowd(long t) {
        List<Track> tracks = new java.util.ArrayList<>(people(6, t));
        for (int i = 0; i < 4; i++) {
            tracks.add(track(i + 1, ObjectClass.CAR, 580 - 50 * i, 100, 0, true, t));
        }
        return tracks;
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
