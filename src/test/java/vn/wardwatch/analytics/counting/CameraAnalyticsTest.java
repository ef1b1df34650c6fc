package vn.wardwatch.analytics.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.testsupport.Tracks;

class CameraAnalyticsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private static CameraConfig camera() {
        LineConfig north = new LineConfig("north", new LineSegment(new Point(0, 200), new Point(400, 200)),
                Set.of("in", "out"), Set.of());
        LineConfig south = new LineConfig("south", new LineSegment(new Point(0, 300), new Point(400, 300)),
                Set.of("in"), Set.of(ObjectClass.MOTORBIKE));
        ZoneConfig zoneB = new ZoneConfig("b", new Polygon(List.of(new Point(0, 0), new Point(400, 0),
                new Point(400, 100), new Point(0, 100))), Set.of());
        ZoneConfig zoneA = new ZoneConfig("a", new Polygon(List.of(new Point(0, 220), new Point(400, 220),
                new Point(400, 280), new Point(0, 280))), Set.of());
        return new CameraConfig("cam7", "Nguyen Trai x Le Loi", ZoneId.of("Asia/Ho_Chi_Minh"),
                new SourceConfig("clip.mp4", "clip.mp4", true, 10),
                new DetectConfig(640, 360, 5, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(north, south), List.of(zoneB, zoneA)), PlateConfig.DISABLED);
    }

    @Test
    void countsOnEveryLineAndReportsZonesInConfigOrder() {
        CameraAnalytics analytics = new CameraAnalytics(camera());
        assertEquals("cam7", analytics.cameraId());
        AnalyticsResult first = analytics.update(List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 200, 320),
                Tracks.at(2, ObjectClass.CAR, 100, 330)), 0, T0);
        assertTrue(first.events().isEmpty());
        assertEquals(List.of("b", "a"), List.copyOf(first.zoneOccupancy().keySet()));
        assertTrue(first.zoneOccupancy().get("a").isEmpty());

        AnalyticsResult second = analytics.update(List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 200, 250),
                Tracks.at(2, ObjectClass.CAR, 100, 260)), 200, T0.plusMillis(200));
        // Both crossed "south" upward (in), but it only counts motorbikes.
        assertEquals(1, second.events().size());
        assertEquals("south", second.events().get(0).lineId());
        assertEquals(1, second.events().get(0).trackId());
        assertEquals(Map.of(ObjectClass.MOTORBIKE, 1, ObjectClass.CAR, 1), second.zoneOccupancy().get("a"));

        AnalyticsResult third = analytics.update(List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 200, 150),
                Tracks.at(2, ObjectClass.CAR, 100, 150)), 400, T0.plusMillis(400));
        assertEquals(2, third.events().size());
        assertTrue(third.events().stream().allMatch(e -> e.lineId().equals("north") && e.direction().equals("in")));
        assertTrue(third.zoneOccupancy().get("a").isEmpty());
    }

    @Test
    void forgetIsPassedToTheLines() {
        CameraAnalytics analytics = new CameraAnalytics(camera());
        analytics.update(List.of(Tracks.at(1, ObjectClass.CAR, 200, 250)), 0, T0);
        analytics.forget(List.of(1L));
        // Without its remembered side, the track's next position is a first sighting, not a crossing.
        assertTrue(analytics.update(List.of(Tracks.at(1, ObjectClass.CAR, 200, 150)), 200, T0).events().isEmpty());
        assertEquals(1, analytics.update(List.of(Tracks.at(1, ObjectClass.CAR, 200, 250)), 400, T0).events().size());
    }
}
