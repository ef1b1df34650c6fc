package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The recording section of a camera (issue 7): read right, and every mistake named by its path. */
class RecordingConfigTest {

    private static String camera(String recording) {
        return """
                cameras:
                  gate1:
                    source: {url: rtsp://cam.local/stream}
                """ + recording.indent(4);
    }

    private static Set<String> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        return e.errors().stream().map(er -> er.path() + ": " + er.message()).collect(Collectors.toSet());
    }

    @Test
    void offWhenLeftOutAndDefaultsWhenOn() {
        assertEquals(RecordingConfig.OFF, ConfigLoader.parse(camera(""), "t", Map.of()).cameras().get("gate1")
                .recording());
        // YAML 1.1 reads a bare off as false: still off.
        assertEquals(RecordingConfig.Mode.OFF, ConfigLoader.parse(camera("recording: {mode: off}"), "t", Map.of())
                .cameras().get("gate1").recording().mode());
        RecordingConfig r = ConfigLoader.parse(camera("recording: {mode: always}"), "t", Map.of()).cameras()
                .get("gate1").recording();
        assertEquals(new RecordingConfig(RecordingConfig.Mode.ALWAYS, 10, RecordingConfig.Format.TS, 7, 50, 10, 10),
                r);
    }

    @Test
    void eventsModeWithEveryKey() {
        RecordingConfig r = ConfigLoader.parse(camera("""
                recording:
                  mode: events
                  segment_seconds: 4
                  format: mp4
                  retention_days: 30
                  quota_gb: 2.5
                  before_seconds: 5
                  after_seconds: 15
                """), "t", Map.of()).cameras().get("gate1").recording();
        assertEquals(new RecordingConfig(RecordingConfig.Mode.EVENTS, 4, RecordingConfig.Format.MP4, 30, 2.5, 5, 15),
                r);
        assertEquals(2_500_000_000L, r.quotaBytes());
    }

    @Test
    void everyMistakeIsNamedByItsPath() {
        Set<String> errors = errors(camera("""
                recording:
                  mode: sometimes
                  segment_seconds: 1
                  format: mkv
                  retention_days: 0
                  quota_gb: -1
                  before_seconds: 700
                  keep: forever
                """));
        assertEquals(Set.of(
                "cameras.gate1.recording.mode: unknown value \"sometimes\" (expected one of: always, events, off)",
                "cameras.gate1.recording.segment_seconds: must be in 2..60, got 1",
                "cameras.gate1.recording.format: unknown value \"mkv\" (expected one of: ts, mp4)",
                "cameras.gate1.recording.retention_days: must be in (0, 3650], got 0",
                "cameras.gate1.recording.quota_gb: must be in (0, 1000000], got -1",
                "cameras.gate1.recording.before_seconds: must be in [0, 600], got 700",
                "cameras.gate1.recording.keep: unknown key (expected one of: mode, segment_seconds, format,"
                        + " retention_days, quota_gb, before_seconds, after_seconds)"), errors);
        assertEquals(Set.of("cameras.gate1.recording.after_seconds: only used with mode: events (mode is always)"),
                errors(camera("recording: {mode: always, after_seconds: 5}")));
        assertEquals(Set.of("cameras.gate1.recording: expected a mapping, got \"yes\""),
                errors(camera("recording: \"yes\"")));
    }
}
