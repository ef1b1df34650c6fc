package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code push} section: webhooks and MQTT read right, secrets only by reference, every mistake named. */
class PushConfigTest {

    private static final String CAMERA = """
            cameras:
              gate1:
                source: {url: rtsp://cam.local/stream}
            """;

    @TempDir
    Path dir;

    private static AppConfig parse(String push, Map<String, String> env) {
        return ConfigLoader.parse(CAMERA + push, "test.yaml", env);
    }

    @Test
    void withoutPushNothingIsPushed() {
        AppConfig app = parse("", Map.of());
        assertFalse(app.push().any());
        assertTrue(app.push().webhooks().isEmpty());
        assertNull(app.push().mqtt());
    }

    @Test
    void webhooksAndMqttAreReadWithSecretsFromEnvironmentAndFiles() throws Exception {
        Path secretFile = dir.resolve("mqtt-password");
        Files.writeString(secretFile, "broker-pass\n");
        AppConfig app = parse("""
                push:
                  retry: {initial_seconds: 0.5, max_seconds: 60}
                  keep_days: 30
                  webhooks:
                    - id: ioc
                      url: https://ioc.example.vn/hooks/wardwatch
                      secret: "${IOC_SECRET}"
                      events: [warning, level]
                      timeout_seconds: 5
                    - id: archive
                      url: "http://[2001:db8::5]:8080/in"
                      secret: "${file:%s}"
                  mqtt:
                    url: tcp://broker.local:1883
                    client_id: ww-ward7
                    topic_prefix: hanoi/ward7
                    username: wardwatch
                    password: "${file:%s}"
                """.formatted(secretFile, secretFile), Map.of("IOC_SECRET", "s3cr3t"));
        PushConfig push = app.push();
        assertEquals(Duration.ofMillis(500), push.retryInitial());
        assertEquals(Duration.ofSeconds(60), push.retryMax());
        assertEquals(30, push.keepDays());
        PushConfig.Webhook ioc = push.webhooks().get(0);
        assertEquals("s3cr3t", ioc.secret());
        assertEquals(Set.of("warning", "level"), ioc.events());
        assertEquals(Duration.ofSeconds(5), ioc.timeout());
        assertFalse(ioc.toString().contains("s3cr3t"), "the secret never prints");
        PushConfig.Webhook archive = push.webhooks().get(1);
        assertEquals(Set.copyOf(PushConfig.EVENTS), archive.events(), "all four events by default");
        assertEquals(Duration.ofSeconds(10), archive.timeout());
        assertEquals("broker-pass", archive.secret());
        assertEquals("hanoi/ward7", push.mqtt().topicPrefix());
        assertEquals("broker-pass", push.mqtt().password());
        assertEquals(10_000, push.mqtt().offlineQueue());
        assertFalse(push.mqtt().toString().contains("broker-pass"));
    }

    @Test
    void everyMistakeIsReportedWithItsPathAndNoSecretValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                push:
                  retry: {initial_seconds: 10, max_seconds: 5}
                  webhooks:
                    - id: ioc
                      url: ftp://ioc.example.vn/
                      secret: literal-secret-value
                      events: [warning, parking]
                    - id: ioc
                      url: https://ioc.example.vn/
                      secret: "${MISSING_SECRET}"
                      retries: 3
                  mqtt:
                    url: mqtt.local:1883
                    topic_prefix: "ward/#"
                    password: hunter2
                """, Map.of()));
        String m = e.getMessage();
        assertTrue(m.contains("push.retry.max_seconds: must be at least initial_seconds"), m);
        assertTrue(m.contains("push.webhooks[0].url: expected an http:// or https:// URL"), m);
        assertTrue(m.contains("push.webhooks[0].secret: secrets never live in the YAML"), m);
        assertTrue(m.contains("push.webhooks[0].events[1]: unknown event \"parking\""), m);
        assertTrue(m.contains("push.webhooks[1].id: duplicate"), m);
        assertTrue(m.contains("push.webhooks[1].secret: environment variable MISSING_SECRET is not set"), m);
        assertTrue(m.contains("push.webhooks[1].retries: unknown key"), m);
        assertTrue(m.contains("push.mqtt.url: expected tcp://host:1883"), m);
        assertTrue(m.contains("push.mqtt.topic_prefix: must be a non-empty topic without wildcards"), m);
        assertTrue(m.contains("push.mqtt.password: secrets never live in the YAML"), m);
        assertFalse(m.contains("literal-secret-value") || m.contains("hunter2"), "no secret value in errors: " + m);
    }
}
