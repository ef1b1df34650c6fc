package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code camera_groups} and {@code auth} (issue 8). */
class AuthConfigTest {

    private static final String BASE = """
            cameras:
              gate1:
                source: {url: samples/gate1.mp4}
              gate2:
                source: {url: samples/gate2.mp4}
            """;

    private static AppConfig parse(String yaml) {
        return ConfigLoader.parse(BASE + yaml, "test.yml", Map.of());
    }

    @Test
    void groupsAndSessionLengthAreRead() {
        AppConfig app = parse("""
                camera_groups:
                  center: [gate1]
                  all: [gate1, gate2]
                auth:
                  session_hours: 12
                """);
        assertEquals(Set.of("gate1"), app.auth().cameraGroups().get("center"));
        assertEquals(Duration.ofHours(12), app.auth().sessionLength());
    }

    @Test
    void withoutTheKeysThereAreNoGroupsAndSessionsLastEightHours() {
        AppConfig app = parse("");
        assertTrue(app.auth().cameraGroups().isEmpty());
        assertEquals(Duration.ofHours(8), app.auth().sessionLength());
    }

    @Test
    void unknownCameraInAGroupIsAnErrorWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                camera_groups:
                  center: [gate1, gate9]
                """));
        assertTrue(e.getMessage().contains("camera_groups.center[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("gate9"), e.getMessage());
    }
}
