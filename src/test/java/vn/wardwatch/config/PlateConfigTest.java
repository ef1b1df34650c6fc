package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;

/** The {@code plates} section of a camera: references into its geometry, explicit shapes, limits, errors. */
class PlateConfigTest {

    /** A camera with one line and one zone, plus {@code plates} lines (indented by the caller). */
    private static String camera(String plates) {
        return """
                cameras:
                  gate1:
                    source: {url: rtsp://cam.local/stream}
                    geometry:
                      lines:
                        - {id: stop, points: [[10, 200], [600, 200]]}
                      zones:
                        - {id: kerb, points: [[0, 300], [100, 300], [100, 350], [0, 350]]}
                """ + plates;
    }

    private static PlateConfig plates(String yaml) {
        return ConfigLoader.parse(camera(yaml), "test.yml", Map.of()).cameras().get("gate1").plates();
    }

    private static List<String> errors(String yaml) {
        return assertThrows(ConfigException.class, () -> plates(yaml)).errors().stream()
                .map(ConfigError::toString).toList();
    }

    @Test
    void aCameraWithoutPlatesDoesNotReadThem() {
        assertEquals(PlateConfig.DISABLED, plates(""));
        assertFalse(plates("").enabled());
    }

    @Test
    void lineAndZoneByIdTakeTheGeometrysShapesAndDefaultsFillTheRest() {
        PlateConfig p = plates("    plates: {line: stop, zone: kerb}\n");
        assertTrue(p.enabled(), "a plates section is on unless it says otherwise");
        assertEquals(new LineSegment(new Point(10, 200), new Point(600, 200)), p.line());
        assertEquals(new Polygon(List.of(new Point(0, 300), new Point(100, 300), new Point(100, 350),
                new Point(0, 350))), p.zone());
        assertEquals(PlateConfig.DEFAULT_FRAMES, p.frames());
        assertEquals(PlateConfig.DEFAULT_CANDIDATES, p.candidates());
        assertEquals(PlateConfig.DEFAULT_ZONE_INTERVAL_SECONDS, p.zoneIntervalSeconds());
        assertEquals(PlateConfig.DEFAULT_QUEUE_SIZE, p.queueSize());
    }

    @Test
    void explicitShapesAndSettings() {
        PlateConfig p = plates("""
                    plates:
                      enabled: false
                      line: [[0, 100], [640, 120]]
                      zone: [[1, 1], [50, 1], [50, 50]]
                      frames: 5
                      candidates: 12
                      zone_interval_seconds: 30
                      queue_size: 64
                """);
        assertEquals(new PlateConfig(false, new LineSegment(new Point(0, 100), new Point(640, 120)),
                new Polygon(List.of(new Point(1, 1), new Point(50, 1), new Point(50, 50))), 5, 12, 30, 64), p);
    }

    @Test
    void onlyALineOrOnlyAZoneIsEnough() {
        assertNull(plates("    plates: {line: stop}\n").zone());
        assertNull(plates("    plates: {zone: kerb}\n").line());
    }

    @Test
    void candidatesFollowFramesWhenLeftOut() {
        assertEquals(10, plates("    plates: {line: stop, frames: 10}\n").candidates());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown line id    | '{line: gate}'                      | cameras.gate1.plates.line: no line "gate" in this camera's geometry.lines (it has: stop)
            unknown zone id    | '{zone: stop}'                      | cameras.gate1.plates.zone: no zone "stop" in this camera's geometry.zones (it has: kerb)
            line wrong type    | '{line: 5}'                         | cameras.gate1.plates.line: expected the id of a geometry line or 2 points [[x, y], [x, y]], got 5
            zone wrong type    | '{zone: {id: kerb}}'                | cameras.gate1.plates.zone: expected the id of a geometry zone or at least 3 points [[x, y], ...], got a mapping
            line three points  | '{line: [[1, 1], [2, 2], [3, 3]]}'  | cameras.gate1.plates.line: a line needs 2 points, got 3
            line same points   | '{line: [[1, 1], [1, 1]]}'          | cameras.gate1.plates.line: the 2 points of a line must differ
            zone two points    | '{zone: [[1, 1], [2, 2]]}'          | cameras.gate1.plates.zone: a zone needs at least 3 points, got 2
            point outside      | '{line: [[1, 1], [900, 2]]}'        | cameras.gate1.plates.line[1]: point [900, 2] is outside the 640x360 detect frame
            frames zero        | '{line: stop, frames: 0}'           | cameras.gate1.plates.frames: must be in 1..20, got 0
            fewer candidates   | '{line: stop, frames: 4, candidates: 3}' | cameras.gate1.plates.candidates: must be at least frames (4), got 3
            interval zero      | '{zone: kerb, zone_interval_seconds: 0}' | cameras.gate1.plates.zone_interval_seconds: must be in (0, 86400], got 0
            queue zero         | '{line: stop, queue_size: 0}'       | cameras.gate1.plates.queue_size: must be in 1..1000, got 0
            enabled not bool   | '{enabled: sometimes}'              | cameras.gate1.plates.enabled: expected true or false, got "sometimes"
            unknown key        | '{lines: [stop]}'                   | cameras.gate1.plates.lines: unknown key (expected one of: enabled, line, zone, frames, candidates, zone_interval_seconds, queue_size)
            not a mapping      | 'yes'                               | cameras.gate1.plates: expected a mapping, got true
            """)
    void eachMistakeIsReportedWithItsPath(String kind, String plates, String expected) {
        assertEquals(List.of(expected), errors("    plates: " + plates + "\n"), kind);
    }

    @Test
    void everyMistakeIsReportedAtOnceEvenWhenDisabled() {
        List<String> errors = errors("    plates: {enabled: false, line: nope, zone: [[1, 1]], frames: 99}\n");
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("cameras.gate1.plates.line: no line \"nope\""), errors.toString());
    }

    @Test
    void theExampleConfigReadsPlatesOnItsCountLine() {
        PlateConfig p = ConfigLoader.load(Path.of("config/wardwatch.yaml")).cameras().get("sample_street").plates();
        assertTrue(p.enabled());
        assertEquals(new LineSegment(new Point(330, 130), new Point(330, 420)), p.line());
    }

    @Test
    void aCameraWithoutGeometrySaysSo() {
        String yaml = """
                cameras:
                  gate1:
                    source: {url: rtsp://cam.local/stream}
                    plates: {line: stop}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yml", Map.of()));
        assertEquals("cameras.gate1.plates.line: no line \"stop\" in this camera's geometry.lines (it has none)",
                e.errors().get(0).toString());
    }
}
