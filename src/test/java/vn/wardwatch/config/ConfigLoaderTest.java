package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.ObjectClass;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of(
            "CAM1_USER", "admin",
            "CAM1_PASSWORD", "s3cr3t-Pa55",
            "OTHER_SECRET", "do-not-show-me");

    private static final String FULL = """
            api:
              host: "127.0.0.1"
              port: 9090
            storage:
              data_dir: /var/lib/wardwatch
            detector:
              type: yolov8
              model: /models/yolov8n.onnx
              input_width: 640
              input_height: 640
              threads: 4
              score_threshold: 0.25
              nms_iou: 0.45
            cameras:
              gate1:
                name: "Ngã tư Hàng Bài"
                timezone: Asia/Bangkok
                source:
                  url: "rtsp://${CAM1_USER}:${CAM1_PASSWORD}@[2001:db8::7]:554/stream1"
                  stall_timeout_seconds: 15
                detect:
                  width: 640
                  height: 360
                  fps: 7.5
                  motion_gate: false
                  queue_size: 8
                  thresholds: {person: 0.4, motorbike: 0.25}
                  masks:
                    - [[0, 0], [100, 0], [100, 50]]
                geometry:
                  lines:
                    - id: north_in
                      points: [[10, 200], [600, 210]]
                      directions: [in]
                      classes: [car, motorbike]
                    - id: south
                      points: [[0, 0], [640, 360]]
                  zones:
                    - id: crossing
                      points: [[100, 100], [200, 100], [200, 200], [100, 200]]
                      classes: [person]
              gate-2:
                source:
                  url: samples/gate2.mp4
                  loop: true
            """;

    private static AppConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yml", ENV);
    }

    private static ConfigException fail(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml));
    }

    /** A minimal valid camera with extra YAML lines appended under it (indented by the caller). */
    private static String camera(String extra) {
        return """
                cameras:
                  gate1:
                    source:
                      url: rtsp://cam.local/stream
                """ + extra;
    }

    @Test
    void fullConfigParsesIntoRecords() {
        AppConfig c = parse(FULL);

        assertEquals(new ApiConfig("127.0.0.1", 9090), c.api());
        assertEquals(Path.of("/var/lib/wardwatch"), c.storage().dataDir());
        assertEquals(new DetectorConfig("yolov8", Path.of("/models/yolov8n.onnx"), 640, 640, 4, 0.25, 0.45),
                c.detector());
        assertEquals(List.of("gate1", "gate-2"), List.copyOf(c.cameras().keySet()));

        CameraConfig g1 = c.cameras().get("gate1");
        assertEquals("gate1", g1.id());
        assertEquals("Ngã tư Hàng Bài", g1.name());
        assertEquals(ZoneId.of("Asia/Bangkok"), g1.timezone());
        assertEquals("rtsp://admin:s3cr3t-Pa55@[2001:db8::7]:554/stream1", g1.source().url());
        assertEquals("rtsp://admin:***@[2001:db8::7]:554/stream1", g1.source().redactedUrl());
        assertFalse(g1.source().loop());
        assertEquals(15.0, g1.source().stallTimeoutSeconds());
        assertTrue(g1.source().isRtsp());

        DetectConfig d = g1.detect();
        assertEquals(640, d.width());
        assertEquals(360, d.height());
        assertEquals(7.5, d.fps());
        assertFalse(d.motionGate());
        assertEquals(8, d.queueSize());
        assertEquals(Map.of(ObjectClass.PERSON, 0.4, ObjectClass.MOTORBIKE, 0.25), d.thresholds());
        assertEquals(List.of(new Polygon(List.of(new Point(0, 0), new Point(100, 0), new Point(100, 50)))),
                d.masks());

        List<LineConfig> lines = g1.geometry().lines();
        assertEquals(2, lines.size());
        assertEquals(new LineConfig("north_in", new LineSegment(new Point(10, 200), new Point(600, 210)),
                Set.of("in"), Set.of(ObjectClass.CAR, ObjectClass.MOTORBIKE)), lines.get(0));
        assertEquals(Set.of("in", "out"), lines.get(1).directions());
        assertEquals(Set.of(), lines.get(1).classes());
        assertEquals(List.of(new ZoneConfig("crossing", new Polygon(List.of(new Point(100, 100),
                new Point(200, 100), new Point(200, 200), new Point(100, 200))), Set.of(ObjectClass.PERSON))),
                g1.geometry().zones());
    }

    @Test
    void defaultsAreApplied() {
        AppConfig c = parse(FULL);
        CameraConfig g2 = c.cameras().get("gate-2");
        assertEquals("gate-2", g2.name());
        assertEquals(ZoneId.of("Asia/Ho_Chi_Minh"), g2.timezone());
        assertTrue(g2.source().loop());
        assertEquals(10.0, g2.source().stallTimeoutSeconds());
        // Relative file sources are resolved against the working directory.
        String expected = Path.of("samples/gate2.mp4").toAbsolutePath().normalize().toString();
        assertEquals(expected, g2.source().url());
        assertEquals(expected, g2.source().redactedUrl());
        assertTrue(g2.source().isFile());
        assertEquals(new DetectConfig(640, 360, 5.0, Map.of(), List.of(), true, 4), g2.detect());
        assertEquals(new GeometryConfig(List.of(), List.of()), g2.geometry());

        AppConfig minimal = parse(camera(""));
        assertEquals(new ApiConfig("::", 8080), minimal.api());
        assertEquals(Path.of("data").toAbsolutePath(), minimal.storage().dataDir());
        assertEquals(new DetectorConfig("nanodet", Path.of("models/nanodet-g-416.onnx").toAbsolutePath(),
                416, 416, 2, 0.3, 0.5), minimal.detector());
    }

    @Test
    void detectorClassThresholdsAreEveryCamerasDefaultsAndCamerasOverrideThem() {
        AppConfig c = parse("""
                detector:
                  score_threshold: 0.3
                  thresholds: {motorbike: 0.45, bicycle: 0.45}
                cameras:
                  own:
                    source: {url: rtsp://cam.local/a}
                    detect:
                      thresholds: {motorbike: 0.5, person: 0.35}
                  plain:
                    source: {url: rtsp://cam.local/b}
                """);
        assertEquals(0.45, c.detector().threshold(ObjectClass.MOTORBIKE));
        assertEquals(0.3, c.detector().threshold(ObjectClass.CAR));
        assertEquals(Map.of(ObjectClass.MOTORBIKE, 0.5, ObjectClass.BICYCLE, 0.45, ObjectClass.PERSON, 0.35),
                c.cameras().get("own").detect().thresholds());
        assertEquals(Map.of(ObjectClass.MOTORBIKE, 0.45, ObjectClass.BICYCLE, 0.45),
                c.cameras().get("plain").detect().thresholds());
    }

    @Test
    void detectorThresholdMistakesAreReportedWithTheirPath() {
        ConfigException e = fail("detector:\n  thresholds: {motorbike: 2}\n" + camera(""));
        assertTrue(e.getMessage().contains("detector.thresholds.motorbike: must be in [0, 1], got 2"), e.getMessage());
    }

    @Test
    void portZeroMeansAnyFreePort() {
        assertEquals(0, parse("api: {port: 0}\n" + camera("")).api().port());
    }

    /** Each kind of mistake, with the path and message promised. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key            | '    detect:\\n      fsp: 5'                    | cameras.gate1.detect.fsp: unknown key (expected one of: width, height, fps, motion_gate, queue_size, thresholds, masks)
            wrong type             | '    detect:\\n      fps: abc'                  | cameras.gate1.detect.fps: expected a number, got "abc"
            whole number           | '    detect:\\n      width: 640.5'              | cameras.gate1.detect.width: expected a whole number, got 640.5
            out of range int       | '    detect:\\n      queue_size: 0'             | cameras.gate1.detect.queue_size: must be in 1..100, got 0
            out of range fps       | '    detect:\\n      fps: 31'                   | cameras.gate1.detect.fps: must be in (0, 30], got 31
            zero fps               | '    detect:\\n      fps: 0'                    | cameras.gate1.detect.fps: must be in (0, 30], got 0
            boolean                | '    detect:\\n      motion_gate: maybe'        | cameras.gate1.detect.motion_gate: expected true or false, got "maybe"
            bad threshold class    | '    detect:\\n      thresholds: {bike: 0.3}'   | cameras.gate1.detect.thresholds.bike: unknown class "bike" (expected one of: car, motorbike, bus, truck, bicycle, person, traffic_light)
            threshold range        | '    detect:\\n      thresholds: {car: 1.5}'    | cameras.gate1.detect.thresholds.car: must be in [0, 1], got 1.5
            mask too small         | '    detect:\\n      masks: [[[0, 0], [1, 1]]]' | cameras.gate1.detect.masks[0]: a polygon needs at least 3 points
            bad timezone           | '    timezone: Mars/Olympus'                    | cameras.gate1.timezone: unknown time zone "Mars/Olympus" (expected an IANA name such as Asia/Ho_Chi_Minh)
            control row (valid)    | '    detect: {}\\n    name: x\\n    geometry: {}\\n    timezone: UTC\\n' | NONE
            line point count       | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, 1], [2, 2], [3, 3]]' | cameras.gate1.geometry.lines[0].points: a line needs 2 points, got 3
            line same points       | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, 1], [1, 1]]' | cameras.gate1.geometry.lines[0].points: the 2 points of a line must differ
            line outside frame     | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, 1], [700, 10]]' | cameras.gate1.geometry.lines[0].points[1]: point [700, 10] is outside the 640x360 detect frame
            negative point         | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[-1, 1], [7, 10]]' | cameras.gate1.geometry.lines[0].points[0]: point [-1, 1] is outside the 640x360 detect frame
            point not numbers      | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, x], [7, 10]]' | cameras.gate1.geometry.lines[0].points[0]: expected a point [x, y] of two numbers, got a list
            line missing id        | '    geometry:\\n      lines:\\n        - points: [[1, 1], [7, 10]]' | cameras.gate1.geometry.lines[0].id: missing required key
            line null points       | '    geometry:\\n      lines:\\n        - id: a\\n          points:' | cameras.gate1.geometry.lines[0].points: expected a list of [x, y] points, got nothing
            mask null              | '    detect:\\n      masks: [~]' | cameras.gate1.detect.masks[0]: expected a list of [x, y] points, got nothing
            line missing points    | '    geometry:\\n      lines:\\n        - id: a' | cameras.gate1.geometry.lines[0].points: missing required key
            bad direction          | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, 1], [7, 10]]\\n          directions: [up]' | cameras.gate1.geometry.lines[0].directions[0]: unknown direction "up" (expected in or out)
            empty classes          | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, 1], [7, 10]]\\n          classes: []' | cameras.gate1.geometry.lines[0].classes: must not be empty (leave it out to count all classes)
            bad line class         | '    geometry:\\n      lines:\\n        - id: a\\n          points: [[1, 1], [7, 10]]\\n          classes: [car, tank]' | cameras.gate1.geometry.lines[0].classes[1]: unknown class "tank" (expected one of: car, motorbike, bus, truck, bicycle, person, traffic_light)
            duplicate line id      | '    geometry:\\n      lines:\\n        - {id: a, points: [[1, 1], [7, 10]]}\\n        - {id: a, points: [[2, 1], [7, 10]]}' | cameras.gate1.geometry.lines[1].id: duplicate id "a"
            duplicate zone id      | '    geometry:\\n      zones:\\n        - {id: z, points: [[1, 1], [7, 10], [3, 3]]}\\n        - {id: z, points: [[1, 1], [7, 10], [3, 3]]}' | cameras.gate1.geometry.zones[1].id: duplicate id "z"
            invalid zone id        | '    geometry:\\n      zones:\\n        - {id: Zone A, points: [[1, 1], [7, 10], [3, 3]]}' | cameras.gate1.geometry.zones[0].id: invalid id "Zone A" (1 to 32 characters of a-z, 0-9, _ and -)
            zone too small         | '    geometry:\\n      zones:\\n        - {id: z, points: [[1, 1], [7, 10]]}' | cameras.gate1.geometry.zones[0].points: a zone needs at least 3 points, got 2
            zone outside frame     | '    detect: {width: 320, height: 240}\\n    geometry:\\n      zones:\\n        - {id: z, points: [[1, 1], [7, 10], [3, 300]]}' | cameras.gate1.geometry.zones[0].points[2]: point [3, 300] is outside the 320x240 detect frame
            secret outside url     | '    name: ${CAM1_USER}'                        | cameras.gate1.name: ${...} references are only allowed in source.url and secrets
            """)
    void eachMistakeIsReportedWithItsPath(String kind, String extra, String expected) {
        String yaml = camera(extra.replace("\\n", "\n") + "\n");
        if (expected.equals("NONE")) {
            parse(yaml); // control row: the helper itself produces valid YAML
            return;
        }
        ConfigException e = fail(yaml);
        assertEquals(List.of(expected), e.errors().stream().map(ConfigError::toString).toList(), kind);
        assertTrue(e.getMessage().lines().anyMatch(expected::equals), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top key     | 'camera: {}\\ncameras: {a: {source: {url: x.mp4}}}' | camera: unknown key (expected one of: api, storage, detector, evidence, cameras, push, retention, camera_groups, auth, cluster)
            no cameras key      | 'api: {port: 1}'                                      | cameras: missing required key (at least one camera is required)
            empty cameras       | 'cameras: {}'                                          | cameras: at least one camera is required
            null cameras        | 'cameras:'                                             | cameras: at least one camera is required
            bad camera id       | 'cameras: {Gate 1: {source: {url: x.mp4}}}'            | cameras.Gate 1: invalid camera id (1 to 32 characters of a-z, 0-9, _ and -)
            missing source      | 'cameras: {a: {name: A}}'                              | cameras.a.source: missing required key
            missing url         | 'cameras: {a: {source: {loop: true}}}'                 | cameras.a.source.url: missing required key
            loop on a stream    | 'cameras: {a: {source: {url: "rtsp://cam/x", loop: true}}}' | cameras.a.source.loop: only a file source can loop; rtsp://cam/x is a live stream
            stall timeout       | 'cameras: {a: {source: {url: x.mp4, stall_timeout_seconds: 0}}}' | cameras.a.source.stall_timeout_seconds: must be in (0, 3600], got 0
            detector type       | 'detector: {type: yolox}\\ncameras: {a: {source: {url: x.mp4}}}' | detector.type: unknown detector type "yolox" (expected one of: nanodet, centernet, yolov5, yolov8)
            api port range      | 'api: {port: 70000}\\ncameras: {a: {source: {url: x.mp4}}}' | api.port: must be in 0..65535, got 70000
            api port type       | 'api: {port: http}\\ncameras: {a: {source: {url: x.mp4}}}' | api.port: expected a number, got "http"
            api host empty      | 'api: {host: ""}\\ncameras: {a: {source: {url: x.mp4}}}' | api.host: must not be empty (use "::" for all interfaces)
            data dir type       | 'storage: {data_dir: [a]}\\ncameras: {a: {source: {url: x.mp4}}}' | storage.data_dir: expected a string, got a list
            section not map     | 'storage: data\\ncameras: {a: {source: {url: x.mp4}}}' | storage: expected a mapping, got "data"
            url scheme          | 'cameras: {a: {source: {url: "udp://1.2.3.4:5000"}}}' | cameras.a.source.url: unsupported URL scheme "udp" (expected rtsp, rtsps, http, https, file or a file path)
            url bad port        | 'cameras: {a: {source: {url: "rtsp://cam:99999/x"}}}' | cameras.a.source.url: invalid port in URL (expected 1..65535)
            ipv6 unbracketed    | 'cameras: {a: {source: {url: "rtsp://2001:db8::7/x"}}}' | cameras.a.source.url: put an IPv6 host in brackets, e.g. rtsp://[2001:db8::7]:554/stream
            ipv6 invalid        | 'cameras: {a: {source: {url: "rtsp://[2001:db8:::zz]/x"}}}' | cameras.a.source.url: invalid IPv6 address in URL
            bad reference       | 'cameras: {a: {source: {url: "rtsp://u:${bad-name}@cam/x"}}}' | cameras.a.source.url: invalid reference ${bad-name} (use ${NAME} or ${file:/path/to/secret})
            camera not mapping  | 'cameras: {a: [1, 2]}'                                 | cameras.a: expected a mapping, got a list
            line not mapping    | 'cameras: {a: {source: {url: x.mp4}, geometry: {lines: [north]}}}' | cameras.a.geometry.lines[0]: expected a mapping, got "north"
            url not a string    | 'cameras: {a: {source: {url: 554}}}'                   | cameras.a.source.url: expected a string, got 554
            not a mapping       | '- a\\n- b'                                            | expected a mapping with api, storage, detector and cameras, got a list
            empty document      | '# nothing here'                                       | the configuration is empty; at least one camera is required
            unsafe tag          | '!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x/"]]]]' | YAML syntax error at line 1, column 1: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager
            duplicate key       | 'cameras: {a: {source: {url: x.mp4}}}\\ncameras: {}'   | YAML syntax error at line 2, column 1: found duplicate key cameras
            """)
    void documentLevelMistakes(String kind, String yaml, String expected) {
        ConfigException e = fail(yaml.replace("\\n", "\n"));
        assertEquals(List.of(expected), e.errors().stream().map(ConfigError::toString).toList(), kind);
    }

    @Test
    void allErrorsAreReportedAtOnce() {
        ConfigException e = fail("""
                api: {port: -1}
                detector: {type: yolo, threads: two}
                cameras:
                  gate1:
                    timezone: Nowhere/Land
                    source: {url: "rtsp://admin:hunter2@cam/x"}
                    detect: {fsp: 5}
                    geometry:
                      lines:
                        - {id: a, points: [[1, 1]]}
                  gate2:
                    source: {url: "rtsp://cam/${MISSING_VAR}"}
                """);
        List<String> paths = e.errors().stream().map(ConfigError::path).toList();
        assertEquals(List.of(
                "api.port",
                "detector.type",
                "detector.threads",
                "cameras.gate1.timezone",
                "cameras.gate1.source.url",
                "cameras.gate1.detect.fsp",
                "cameras.gate1.geometry.lines[0].points",
                "cameras.gate2.source.url"), paths);
        // Header line plus one line per error.
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("invalid configuration test.yml (8 errors):", lines.get(0));
        assertEquals(e.errors().stream().map(ConfigError::toString).toList(), lines.subList(1, lines.size()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        ConfigException e = fail("""
                api:
                  port: 8080
                cameras:
                  gate1: {source: {url: x.mp4}
                  gate2: 1
                """);
        assertEquals(1, e.errors().size());
        ConfigError err = e.errors().get(0);
        assertEquals("", err.path());
        assertTrue(err.message().startsWith("YAML syntax error at line 5, column "), err.message());
    }

    @Test
    void tabIndentationIsASyntaxError() {
        ConfigException e = fail("cameras:\n\tgate1: {}\n");
        assertTrue(e.errors().get(0).message().startsWith("YAML syntax error at line 2, column 1"),
                e.getMessage());
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void secretFromEnvironment() {
        AppConfig c = parse(camera("").replace("rtsp://cam.local/stream",
                "rtsp://${CAM1_USER}:${CAM1_PASSWORD}@cam.local/stream"));
        SourceConfig s = c.cameras().get("gate1").source();
        assertEquals("rtsp://admin:s3cr3t-Pa55@cam.local/stream", s.url());
        assertEquals("rtsp://admin:***@cam.local/stream", s.redactedUrl());
    }

    @Test
    void secretFromFile(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("cam1_password");
        Files.writeString(secret, "  file-Secret-42\n");
        AppConfig c = parse(camera("").replace("rtsp://cam.local/stream",
                "rtsp://viewer:${file:" + secret + "}@cam.local:8554/live?channel=1"));
        SourceConfig s = c.cameras().get("gate1").source();
        assertEquals("rtsp://viewer:file-Secret-42@cam.local:8554/live?channel=1", s.url());
        assertEquals("rtsp://viewer:***@cam.local:8554/live?channel=1", s.redactedUrl());
    }

    @Test
    void missingSecretFileNamesThePath(@TempDir Path dir) {
        Path secret = dir.resolve("absent");
        ConfigException e = fail(camera("").replace("rtsp://cam.local/stream",
                "rtsp://viewer:${file:" + secret + "}@cam.local/live"));
        assertEquals(List.of(new ConfigError("cameras.gate1.source.url", "secret file " + secret + " does not exist")),
                e.errors());
    }

    @Test
    void emptySecretFileIsAnError(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("empty");
        Files.writeString(secret, "\n");
        ConfigException e = fail(camera("").replace("rtsp://cam.local/stream",
                "rtsp://viewer:${file:" + secret + "}@cam.local/live"));
        assertEquals("cameras.gate1.source.url: secret file " + secret + " is empty", e.errors().get(0).toString());
    }

    @Test
    void missingVariableIsReportedOnceWithoutLeakingOtherValues() {
        ConfigException e = fail("""
                cameras:
                  gate1:
                    source: {url: "rtsp://${CAM1_USER}:${NOT_SET}@cam/${CAM1_PASSWORD}/${OTHER_SECRET}"}
                """);
        assertEquals(List.of(new ConfigError("cameras.gate1.source.url", "environment variable NOT_SET is not set")),
                e.errors());
        for (String value : ENV.values()) {
            assertFalse(e.getMessage().contains(value), () -> "leaked " + value + " in: " + e.getMessage());
        }
    }

    @Test
    void secretValuesNeverAppearInErrors() {
        // A valid secret alongside several other mistakes in the same URL's camera.
        ConfigException e = fail("""
                cameras:
                  gate1:
                    source: {url: "rtsp://${CAM1_USER}:${CAM1_PASSWORD}@[2001:db8::7]:99999/${OTHER_SECRET}"}
                    detect: {fps: 100}
                """);
        assertEquals(2, e.errors().size(), e.getMessage());
        for (String value : ENV.values()) {
            assertFalse(e.getMessage().contains(value), () -> "leaked " + value + " in: " + e.getMessage());
        }
    }

    @Test
    void literalPasswordIsRejected() {
        ConfigException e = fail("""
                cameras:
                  gate1:
                    source: {url: "rtsp://admin:hunter2@[2001:db8::7]:554/stream1"}
                """);
        assertEquals(List.of(new ConfigError("cameras.gate1.source.url",
                "put the password in an environment variable, e.g. rtsp://user:${GATE1_PASSWORD}@host/...")),
                e.errors());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void userWithoutPasswordIsAccepted() {
        SourceConfig s = parse(camera("").replace("rtsp://cam.local/stream", "rtsp://viewer@cam.local/s"))
                .cameras().get("gate1").source();
        assertEquals("rtsp://viewer@cam.local/s", s.url());
        assertEquals("rtsp://viewer@cam.local/s", s.redactedUrl());
    }

    @Test
    void wholeUserInfoFromOneVariableIsRedacted() {
        Map<String, String> env = Map.of("CREDS", "admin:pa/ss@word", "TOKEN", "abc123");
        AppConfig c = ConfigLoader.parse("""
                cameras:
                  a: {source: {url: "rtsp://${CREDS}@cam.local/s"}}
                  b: {source: {url: "https://${TOKEN}@cam.local/snap.jpg?key=${TOKEN}"}}
                """, "t", env);
        // The secret's '@' and '/' do not change where the host starts: the URL is split on the template.
        assertEquals("rtsp://admin:pa/ss@word@cam.local/s", c.cameras().get("a").source().url());
        assertEquals("rtsp://admin:***@cam.local/s", c.cameras().get("a").source().redactedUrl());
        assertEquals("https://***@cam.local/snap.jpg?key=***", c.cameras().get("b").source().redactedUrl());
    }

    @Test
    void ipv6HostsAreAccepted() {
        for (String url : List.of("rtsp://[2001:db8::7]:554/x", "rtsp://[::1]/x", "http://[fe80::1%25eth0]:8080/a",
                "rtsps://[2001:db8::7]/x")) {
            SourceConfig s = parse(camera("").replace("rtsp://cam.local/stream", url)).cameras().get("gate1")
                    .source();
            assertEquals(url, s.url());
            assertEquals(url, s.redactedUrl());
        }
    }

    // ---------------------------------------------------------------- files

    @Test
    void loadReadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("wardwatch.yml");
        Files.writeString(file, camera(""));
        AppConfig c = ConfigLoader.load(file);
        assertEquals("rtsp://cam.local/stream", c.cameras().get("gate1").source().url());
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path file = dir.resolve("nope.yml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(List.of(new ConfigError("", "config file " + file.toAbsolutePath() + " does not exist")),
                e.errors());
        assertTrue(e.getMessage().contains(file.toString()));
    }

    @Test
    void unreadableFileNamesThePath(@TempDir Path dir) throws IOException {
        // A directory cannot be read as a file, whoever runs the test (root ignores file permissions).
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).message().startsWith("cannot read config file " + dir.toAbsolutePath()),
                e.getMessage());
    }
}
