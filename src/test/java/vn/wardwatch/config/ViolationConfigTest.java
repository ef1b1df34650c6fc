package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;

/** Violation geometry, location and violation settings of a camera: read right, and every mistake named. */
class ViolationConfigTest {

    private static final String CAMERA = """
            cameras:
              gate1:
                location:
                  address: "12 Tràng Tiền, phường Hoàn Kiếm, Hà Nội"
                  latitude: 21.0245
                  longitude: 105.8561
                source:
                  url: rtsp://cam.local/stream
                detect: {width: 640, height: 360}
                geometry:
                  lanes:
                    - id: north
                      points: [[0, 100], [300, 100], [300, 360], [0, 360]]
                      direction: [[150, 360], [150, 100]]
                    - id: bus
                      points: [[300, 100], [640, 100], [640, 360], [300, 360]]
                      direction: [[450, 360], [450, 100]]
                      classes: [bus]
                      hours: ["06:00-09:00", "22:00-05:30"]
                  signal_heads:
                    - id: gate1_main
                      region: [600, 10, 20, 50]
                    - id: gate1_ctl
                      region: [570, 10, 20, 50]
                      source: controller
                  stop_lines:
                    - id: stop_north
                      points: [[0, 150], [300, 150]]
                      signal: gate1_main
                      lane: north
                  no_stopping_zones:
                    - id: kerb
                      points: [[0, 300], [100, 300], [100, 360]]
                      max_dwell_seconds: 60
                  restricted_zones:
                    - id: old_quarter
                      points: [[0, 0], [640, 0], [640, 90]]
                      banned_classes: [truck]
                      hours: ["06:00-21:00"]
                violations:
                  red_light_grace_seconds: 0.3
                  clip_before_seconds: 4
                  clip_after_seconds: 6
            """;

    private static AppConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yml", Map.of());
    }

    private static List<String> errors(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).errors().stream().map(ConfigError::toString)
                .toList();
    }

    @Test
    void readsEveryPart() {
        CameraConfig c = parse(CAMERA).cameras().get("gate1");
        GeometryConfig g = c.geometry();
        assertEquals(2, g.lanes().size());
        LaneConfig north = g.lane("north");
        assertEquals(0, north.directionX(), 1e-9);
        assertEquals(-1, north.directionY(), 1e-9);
        assertEquals(Set.of(ObjectClass.BUS), g.lane("bus").classes());
        assertEquals(List.of(new TimeWindow(LocalTime.of(6, 0), LocalTime.of(9, 0)),
                new TimeWindow(LocalTime.of(22, 0), LocalTime.of(5, 30))), g.lane("bus").hours());
        assertEquals(new BoundingBox(600, 10, 20, 50), g.signalHead("gate1_main").region());
        assertTrue(g.signalHead("gate1_main").fromImage());
        assertFalse(g.signalHead("gate1_ctl").fromImage());
        StopLineConfig stop = g.stopLines().get(0);
        assertEquals("gate1_main", stop.signalId());
        // The line runs left to right; traffic goes up the picture, to its left-hand side: "in".
        assertEquals("in", stop.through());
        assertEquals(60, g.noStoppingZones().get(0).maxDwellSeconds());
        assertEquals(Set.of(ObjectClass.TRUCK), g.restrictedZones().get(0).bannedClasses());
        assertEquals(21.0245, c.location().latitude());
        assertEquals("12 Tràng Tiền, phường Hoàn Kiếm, Hà Nội", c.location().address());
        ViolationConfig v = c.violations();
        assertTrue(v.enabled());
        assertEquals(0.3, v.redLightGraceSeconds());
        assertFalse(v.yellowIsViolation());
        assertEquals(4, v.clipBeforeSeconds());
        assertEquals(6, v.clipAfterSeconds());
    }

    @Test
    void violationsAreOffWithoutTheirSection() {
        CameraConfig c = parse(CAMERA.replaceAll("(?s)    violations:.*", "")).cameras().get("gate1");
        assertFalse(c.violations().enabled());
    }

    @Test
    void evidenceDefaultsLiveUnderTheDataDirectory() {
        AppConfig app = parse("storage: {data_dir: /srv/ww}\n" + CAMERA);
        assertEquals("/srv/ww/evidence", app.evidence().dir().toString());
        assertEquals("/srv/ww/keys/evidence-signing.key", app.evidence().signingKey().toString());
        assertEquals("ffmpeg", app.evidence().ffmpeg());
    }

    @Test
    void everyMistakeIsNamedByItsPath() {
        String bad = CAMERA
                .replace("direction: [[150, 360], [150, 100]]", "direction: [[150, 360], [150, 360]]")
                .replace("region: [600, 10, 20, 50]", "region: [630, 10, 20, 50]")
                .replace("signal: gate1_main", "signal: gate1_nope")
                .replace("lane: north", "lane: south")
                .replace("max_dwell_seconds: 60", "max_dwell_seconds: -1")
                .replace("banned_classes: [truck]", "banned_classes: [tank]")
                .replace("hours: [\"06:00-21:00\"]", "hours: [\"6 to 9\"]")
                .replace("source: controller", "source: radio")
                .replace("latitude: 21.0245", "latitude: 95");
        List<String> errors = errors(bad);
        String p = "cameras.gate1.geometry.";
        assertEquals(List.of(
                p + "lanes[0].direction: the 2 points of a line must differ",
                p + "signal_heads[0].region: box [630, 10, 20, 50] is not inside the 640x360 detect frame",
                p + "signal_heads[1].source: unknown source \"radio\" (expected image or controller)",
                p + "stop_lines[0].signal: no signal head \"gate1_nope\" in this camera's geometry.signal_heads",
                p + "stop_lines[0].lane: no lane \"south\" in this camera's geometry.lanes",
                p + "no_stopping_zones[0].max_dwell_seconds: must be in (0, 86400], got -1",
                p + "restricted_zones[0].banned_classes[0]: unknown class \"tank\" (expected one of: car, motorbike,"
                        + " bus, truck, bicycle, person, traffic_light)",
                p + "restricted_zones[0].hours[0]: expected a window \"HH:MM-HH:MM\" (quote it), got \"6 to 9\"",
                "cameras.gate1.location.latitude: must be in [-90, 90], got 95"), errors);
    }

    @Test
    void signalHeadIdsAreUniqueOverAllCameras() {
        String two = CAMERA + CAMERA.substring(CAMERA.indexOf("  gate1:")).replace("  gate1:", "  gate2:");
        List<String> errors = errors(two);
        assertTrue(errors.contains("cameras.gate2.geometry.signal_heads[0].id: signal head id \"gate1_main\" is"
                + " already used at cameras.gate1.geometry.signal_heads[0].id (signal ids are unique over all cameras:"
                + " controllers push to /api/v1/signals/{id})"), String.join("\n", errors));
    }

    @Test
    void aStopLineAlongItsLaneNeedsAnExplicitDirection() {
        String along = CAMERA.replace("points: [[0, 150], [300, 150]]", "points: [[150, 300], [150, 120]]");
        assertEquals(List.of("cameras.gate1.geometry.stop_lines[0].lane: lane \"north\" runs along the stop line,"
                + " not across it; give direction: in or out"), errors(along));
    }
}
