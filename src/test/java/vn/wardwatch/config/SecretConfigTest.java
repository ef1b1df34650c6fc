package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets added by the security work: the database password, and URLs that must not carry one. */
class SecretConfigTest {

    private static final Map<String, String> ENV = Map.of("WARDWATCH_DB_PASSWORD", "dbS3cret", "PW", "pw-value");
    private static final String CAMERA = "cameras:\n  gate1:\n    source:\n      url: rtsp://cam/s\n";

    private static List<ConfigError> errors(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yml", ENV)).errors();
    }

    @Test
    void databasePasswordIsAnOptionalReference() {
        StorageConfig s = ConfigLoader.parse("storage: {password: \"${WARDWATCH_DB_PASSWORD}\"}\n" + CAMERA, "t.yml",
                ENV).storage();
        assertEquals("dbS3cret", s.databasePassword());
        assertFalse(s.toString().contains("dbS3cret"), s.toString());
        assertEquals("", ConfigLoader.parse(CAMERA, "t.yml", ENV).storage().databasePassword());
        assertEquals(List.of(new ConfigError("storage.password", "secrets never live in the YAML: use "
                + "\"${WARDWATCH_DB_PASSWORD}\" (environment variable) or \"${file:/run/secrets/...}\"")),
                errors("storage: {password: literal}\n" + CAMERA));
        assertEquals(List.of(new ConfigError("storage.password", "environment variable NOPE is not set")),
                errors("storage: {password: \"${NOPE}\"}\n" + CAMERA));
    }

    @Test
    void sourceConfigPrintsTheRedactedUrlOnly() {
        SourceConfig source = ConfigLoader.parse(CAMERA.replace("rtsp://cam/s", "rtsp://u:${PW}@cam/s"), "t.yml",
                ENV).cameras().get("gate1").source();
        assertEquals("rtsp://u:pw-value@cam/s", source.url());
        assertFalse(source.toString().contains("pw-value"), source.toString());
        assertTrue(source.toString().contains("rtsp://u:***@cam/s"), source.toString());
    }

    @Test
    void urlErrorsHideUserInfoAndMqttUrlsMayNotCarryIt() {
        List<ConfigError> e = errors("push:\n  mqtt: {url: \"tcp://u:hunter2@broker:1883\"}\n"
                + "  webhooks:\n    - {id: a, url: \"ftp://u:hunter2@x/h\", secret: \"${PW}\"}\n" + CAMERA);
        assertEquals(2, e.size(), e.toString());
        assertFalse(e.toString().contains("hunter2"), e.toString());
        assertTrue(e.toString().contains("\"ftp://***@x/h\""), e.toString());
        assertTrue(e.contains(new ConfigError("push.mqtt.url",
                "must not carry user:password (use the username and password keys)")), e.toString());
    }
}
