package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The traffic section of a camera (issue 6): read right, and every mistake named by its path. */
class TrafficConfigTest {

    private static String camera(String traffic) {
        return """
                cameras:
                  gate1:
                    source: {url: rtsp://cam.local/stream}
                    detect: {width: 640, height: 360}
                    geometry:
                      zones:
                        - id: road
                          points: [[0, 100], [640, 100], [640, 360], [0, 360]]
                        - id: square
                          points: [[0, 0], [100, 0], [100, 90]]
                """ + traffic.indent(4);
    }

    private static Set<String> errorPaths(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        return e.errors().stream().map(er -> er.path() + ": " + er.message()).collect(Collectors.toSet());
    }

    @Test
    void aFullZoneIsReadWithDefaults() {
        AppConfig app = ConfigLoader.parse(camera("""
                traffic:
                  zones:
                    road:
                      direction: [[0, 200], [640, 300]]
                      calibration: {lines: [[[100, 100], [100, 360]], [[500, 100], [500, 360]]], metres: 20}
                      levels:
                        slow: {speed_px_below: 40}
                        congested: {occupancy: 8, stationary_share: 0.5}
                        jammed: {queue_vehicles: 6, speed_kmh_below: 5}
                      crowd: {people: 15, seconds: 10}
                      surge: {rise: 10, seconds: 5}
                """), "test.yaml", Map.of());
        TrafficConfig t = app.cameras().get("gate1").traffic();
        assertTrue(t.enabled());
        assertEquals(TrafficConfig.DEFAULT_HYSTERESIS, t.hysteresis());
        assertEquals(TrafficConfig.DEFAULT_MIN_SECONDS, t.minSeconds());
        TrafficConfig.Zone road = t.zones().get("road");
        assertNotNull(road.direction());
        assertEquals(20, road.calibration().metres());
        assertEquals(List.of("slow", "congested", "jammed"),
                road.levels().stream().map(TrafficConfig.LevelRule::level).toList());
        assertEquals(8.0, road.levels().get(1).occupancy());
        assertNull(road.levels().get(1).speedPxBelow());
        assertEquals(15, road.crowd().people());
        assertEquals(10, road.surge().rise());
    }

    @Test
    void noSectionMeansNoTraffic() {
        AppConfig app = ConfigLoader.parse(camera(""), "test.yaml", Map.of());
        assertFalse(app.cameras().get("gate1").traffic().enabled());
    }

    @Test
    void everyMistakeIsNamedByItsPath() {
        Set<String> errors = errorPaths(camera("""
                traffic:
                  hysteresis: 1.5
                  min_seconds: -1
                  colour: red
                  zones:
                    parking: {}
                    road:
                      direction: [[0, 200]]
                      calibration: {lines: [[[100, 100], [100, 360]]], metres: 0}
                      levels:
                        slow: {}
                        congested: {occupancy: many}
                        jammed: {speed_kmh_below: 5}
                        gridlock: {occupancy: 20}
                      crowd: {seconds: 10}
                      surge: {rise: 0, seconds: 5}
                    square:
                      levels:
                        jammed: {queue_vehicles: 3}
                """));
        assertTrue(errors.contains("cameras.gate1.traffic.hysteresis: must be in [0, 0.9], got 1.5"), errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.min_seconds: must be in [0, 3600], got -1"), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("cameras.gate1.traffic.colour: unknown key")), errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.zones.parking: no zone \"parking\" in this camera's "
                + "geometry.zones (it has: road, square)"), errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.zones.road.direction: a line needs 2 points, got 1"),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("cameras.gate1.traffic.zones.road.calibration.lines: "
                + "expected 2 lines")), errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.zones.road.calibration.metres: must be in (0, 10000], got 0"),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("cameras.gate1.traffic.zones.road.levels.slow: give at "
                + "least one bar")), errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.zones.road.levels.congested.occupancy: expected a number, "
                + "got \"many\""), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("cameras.gate1.traffic.zones.road.levels.gridlock: "
                + "unknown key")), errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.zones.road.crowd.people: missing required key"),
                errors::toString);
        assertTrue(errors.contains("cameras.gate1.traffic.zones.road.surge.rise: must be in 1..100000, got 0"),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("cameras.gate1.traffic.zones.square.levels.jammed"
                + ".queue_vehicles: needs the zone's direction")), errors::toString);
    }

    @Test
    void kmhNeedsCalibration() {
        Set<String> errors = errorPaths(camera("""
                traffic:
                  zones:
                    road:
                      levels:
                        jammed: {speed_kmh_below: 5}
                """));
        assertEquals(Set.of("cameras.gate1.traffic.zones.road.levels.jammed.speed_kmh_below: needs the zone's "
                + "calibration (two lines a known distance apart)"), errors);
    }

    @Test
    void theExampleConfigHasSensibleRoadThresholds() {
        AppConfig app = ConfigLoader.load(Path.of("config/wardwatch.yaml"));
        TrafficConfig.Zone road = app.cameras().get("sample_street").traffic().zones().get("road");
        assertEquals(3, road.levels().size());
        assertNotNull(road.crowd());
        assertNotNull(road.surge());
        assertNotNull(road.calibration());
    }
}
