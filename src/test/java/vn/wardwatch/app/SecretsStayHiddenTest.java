package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigException;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.HttpGet;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestUsers;

/**
 * Every secret the configuration holds (camera password, webhook secret, MQTT password, database password, the
 * evidence signing key) stays out of every GET answer, the log and config errors, while the camera is online and
 * after it has failed (when ffmpeg's own error text, which names the URL, is shown). The routes are read with an
 * admin's token, so they answer with their real content (not the guard's 401), and a login with a wrong password
 * (a secret's value, as a careless operator might type) echoes none of it.
 */
class SecretsStayHiddenTest {

    private static final Path SAMPLE = Path.of("samples/street.h264");
    private static final String CAMERA_PASSWORD = "s3cretPW";
    private static final Map<String, String> ENV = Map.of(
            "CAM_PASSWORD", CAMERA_PASSWORD,
            "WEBHOOK_OPS_SECRET", "whS3cretValue",
            "MQTT_PASSWORD", "mqS3cretValue",
            "WARDWATCH_DB_PASSWORD", "dbS3cretValue");

    @TempDir
    Path dir;

    @Test
    void noSecretInApiAnswersLogsOrErrors() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        // slf4j-simple writes to whatever System.err is at the time of each line.
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        List<String> outputs = new ArrayList<>();
        String signingKey;
        try (RtspTestServer camera = RtspTestServer.start(Map.of("cam", SAMPLE))) {
            AppConfig app = ConfigLoader.parse(config(camera.port()), "test config", ENV);
            outputs.add(app.toString());
            try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
                String base = "http://127.0.0.1:" + running.apiPort();
                String admin = new TestUsers(running.users()).token(Role.ADMIN);
                Await.until(Duration.ofSeconds(30), "camera online",
                        () -> state(base, admin).equals("online"), () -> HttpGet.ok(admin, base + "/api/v1/cameras"));
                assertEquals("rtsp://viewer:***@127.0.0.1:" + camera.port() + "/cam",
                        new JsonObject(HttpGet.ok(admin, base + "/api/v1/cameras/cam_a")).getString("source"));
                outputs.addAll(everyGet(base, admin));
                outputs.addAll(wrongLogins(base));

                // The camera fails: ffmpeg's error names the URL; the API shows the last error.
                camera.stop();
                Await.until(Duration.ofSeconds(30), "camera error shown",
                        () -> new JsonObject(HttpGet.ok(admin, base + "/api/v1/cameras/cam_a")).getValue("lastError")
                                != null && !state(base, admin).equals("online"));
                Await.until(Duration.ofSeconds(30), "a refused reconnect logged",
                        () -> log.toString(StandardCharsets.UTF_8).contains("Connection refused"));
                outputs.addAll(everyGet(base, admin));
            }
            signingKey = Files.readAllLines(dir.resolve("data/keys/evidence-signing.key")).get(1);
        } finally {
            System.setErr(originalErr);
        }
        outputs.add(log.toString(StandardCharsets.UTF_8));
        // A config error about each secret-bearing key names the key and the variable, never the value.
        for (String broken : List.of(config(1).replace("${MQTT_PASSWORD}", "${NOT_SET}"),
                config(1).replace("mqtt: {url: \"tcp://", "mqtt: {url: \"ftp://viewer:s3cretPW@"),
                config(1).replace("url: \"http://127.0.0.1:9/hook\"", "url: \"ftp://viewer:s3cretPW@x/hook\""))) {
            try {
                ConfigLoader.parse(broken, "broken config", ENV);
                outputs.add("parsed without error: " + broken);
            } catch (ConfigException e) {
                outputs.add(e.getMessage());
            }
        }

        assertTrue(outputs.get(outputs.size() - 4).contains("online"), "the log was captured");
        List<String> secrets = new ArrayList<>(ENV.values());
        secrets.add(signingKey);
        for (String output : outputs) {
            for (String secret : secrets) {
                assertFalse(output.contains(secret), "secret " + secret.substring(0, 3) + "... found in: "
                        + output.substring(Math.max(0, output.indexOf(secret) - 300),
                        Math.min(output.length(), output.indexOf(secret) + 100)));
            }
        }
    }

    /**
     * Every GET route that shows configuration, cameras, users, health or metrics, plus a 404 and a problem, read
     * with an admin's token: each must give its real answer (the status listed), not the guard's 401 or 403.
     */
    private static List<String> everyGet(String base, String token) throws Exception {
        Map<String, Integer> routes = new LinkedHashMap<>();
        routes.put("/health", 200);
        routes.put("/health/live", 200);
        routes.put("/health/ready", 200);
        routes.put("/metrics", 200);
        routes.put("/api/v1/me", 200);
        routes.put("/api/v1/cameras", 200);
        routes.put("/api/v1/cameras/cam_a", 200);
        routes.put("/api/v1/live", 200);
        routes.put("/api/v1/ioc", 200);
        routes.put("/api/v1/signals", 200);
        routes.put("/openapi.yaml", 200);
        routes.put("/api/v1/evidence/public-key", 200);
        routes.put("/api/v1/violations", 200);
        routes.put("/api/v1/warnings", 200);
        routes.put("/api/v1/zones/minutes", 200);
        routes.put("/api/v1/audit", 200);
        // The recorded segments and gaps of the last hour (the camera is recorded: mode always).
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        routes.put("/api/v1/cameras/cam_a/recordings?from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(60),
                200);
        routes.put("/api/v1/counts?from=nonsense", 400);
        routes.put("/no/such/path", 404);
        HttpClient http = HttpClient.newHttpClient();
        List<String> answers = new ArrayList<>();
        for (Map.Entry<String, Integer> route : routes.entrySet()) {
            String path = route.getKey();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(route.getValue(), r.statusCode(), path + ": " + r.body());
            answers.add(path + " " + r.statusCode() + " " + r.headers().map() + "\n" + r.body());
        }
        return answers;
    }

    /**
     * Logins with a secret's value as a wrong password, for a real and an unknown user: 401, nothing echoed. Four
     * tries, under the throttle's five, so every one is really checked (not refused with 429 before).
     */
    private static List<String> wrongLogins(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> answers = new ArrayList<>();
        List<String> passwords = List.copyOf(ENV.values());
        for (int i = 0; i < passwords.size(); i++) {
            String user = i % 2 == 0 ? "admin1" : "nobody";
            String body = new JsonObject().put("username", user).put("password", passwords.get(i)).encode();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), "login " + user + ": " + r.body());
            answers.add("login " + user + " " + r.statusCode() + " " + r.headers().map() + "\n" + r.body());
        }
        return answers;
    }

    private static String state(String base, String token) {
        return new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/cam_a")).getString("state");
    }

    private String config(int cameraPort) {
        return "api: {host: \"127.0.0.1\", port: 0}\n"
                + "storage: {data_dir: \"" + dir.resolve("data") + "\", password: \"${WARDWATCH_DB_PASSWORD}\"}\n"
                + "detector: {threads: 1}\n"
                + "push:\n"
                + "  webhooks:\n"
                + "    - {id: ops, url: \"http://127.0.0.1:9/hook\", secret: \"${WEBHOOK_OPS_SECRET}\"}\n"
                + "  mqtt: {url: \"tcp://127.0.0.1:9\", username: wardwatch, password: \"${MQTT_PASSWORD}\"}\n"
                + "cameras:\n"
                + "  cam_a:\n"
                + "    source:\n"
                + "      url: \"rtsp://viewer:${CAM_PASSWORD}@127.0.0.1:" + cameraPort + "/cam\"\n"
                + "      stall_timeout_seconds: 3\n"
                + "    detect: {width: 640, height: 480, fps: 5}\n"
                + "    recording: {mode: always, segment_seconds: 2}\n";
    }

    /** Writes to two streams: the console and the captured log. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
