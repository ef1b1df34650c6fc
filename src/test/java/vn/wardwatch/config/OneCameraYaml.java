package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A config section under test, parsed with the one camera every config needs after it. */
final class OneCameraYaml {

    private static final String CAMERA = "cameras:\n  gate1:\n    source: {url: rtsp://cam.local/stream}\n";

    private OneCameraYaml() {
    }

    static AppConfig parse(String yaml) {
        return ConfigLoader.parse(yaml + CAMERA, "t", Map.of());
    }

    /** The errors the loader names, each as "test.yaml: path: message". */
    static Set<String> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(yaml + CAMERA, "test.yaml", Map.of()));
        return e.errors().stream().map(ConfigError::toString).collect(Collectors.toSet());
    }
}
