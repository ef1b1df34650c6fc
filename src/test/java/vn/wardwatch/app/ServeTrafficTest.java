package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.testsupport.HttpGet;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.warning.Warning;

/**
 * Issue 6 wired into `serve`: the sample street (real ffmpeg, detector, tracker) with a traffic zone whose bars are
 * low enough for its light traffic and busy pavement. Warnings and level changes arrive on the event bus in the
 * agreed shape, warnings are listed by the API with their snapshot, and the IOC snapshot shows the zone. A warning
 * the last run left open is cleared at the start ("analysis restarted"); the stop clears the open ones ("analysis
 * stopped"), so none is left active.
 */
class ServeTrafficTest {

    private static final Path SAMPLE = Path.of("samples/street.mp4");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LEFT_OPEN = "left-open-by-the-last-run";

    @TempDir
    Path dir;

    @Test
    void warningsAndLevelsArePublishedStoredAndServed() throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail(SAMPLE + " is missing: run ./scripts/make-sample.sh (./scripts/test.sh does)");
        }
        AppConfig app = ConfigLoader.parse("""
                api: {host: "::", port: 0}
                storage: {data_dir: "%s"}
                detector: {threads: 1}
                cameras:
                  street:
                    source: {url: samples/street.mp4, loop: true}
                    detect: {width: 640, height: 480, fps: 5}
                    geometry:
                      zones:
                        - id: road
                          points: [[0, 160], [400, 150], [640, 110], [640, 400], [0, 300]]
                    traffic:
                      min_seconds: 1
                      zones:
                        road:
                          levels:
                            slow: {occupancy: 1}
                          crowd: {people: 2, seconds: 1}
                """.formatted(dir.resolve("data")), "test config", Map.of());
        // A crowd warning the last run left open (it was killed): no watch of this run knows it.
        Instant started = Instant.now();
        Instant anHourAgo = started.minusSeconds(3600);
        try (Database db = Database.open(app.storage())) {
            new JdbcWarningRepository(db).save(new StoredWarning(new Warning(LEFT_OPEN, "street", "road",
                    Warning.CROWD, Warning.RAISED, null, anHourAgo, null, anHourAgo, Map.of("people", 9,
                    "threshold", 2), false), ZoneOffset.ofHours(7), null));
        }
        List<JsonObject> warnings = Collections.synchronizedList(new ArrayList<>());
        List<JsonObject> levels = Collections.synchronizedList(new ArrayList<>());
        Instant stopping;
        try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
            running.vertx().eventBus().<JsonObject>consumer(EventBusPublisher.WARNINGS, m -> {
                if (!m.body().getString("id").equals(LEFT_OPEN)) { // its clear may come before or after this
                    warnings.add(m.body());
                }
            });
            running.vertx().eventBus().<JsonObject>consumer(EventBusPublisher.LEVELS, m -> levels.add(m.body()));
            String base = "http://127.0.0.1:" + running.apiPort();
            String token = new TestUsers(running.users()).token(Role.ADMIN);
            Await.until(Duration.ofSeconds(90), "a crowd warning and a level change on the event bus",
                    () -> !warnings.isEmpty() && !levels.isEmpty(), () -> warnings + " " + levels);

            JsonObject w = warnings.get(0);
            assertEquals("street", w.getString("camera"));
            assertEquals("road", w.getString("zone"));
            assertEquals("crowd", w.getString("kind"));
            assertEquals("raised", w.getString("state"));
            assertTrue(w.containsKey("level") && w.getValue("level") == null, w.encode());
            assertTrue(w.containsKey("clearedAt") && w.getValue("clearedAt") == null, w.encode());
            Instant frameAt = Instant.parse(w.getString("frameAt"));
            assertTrue(!Instant.parse(w.getString("at")).isBefore(frameAt), w.encode());
            assertEquals(w.getString("raisedAt"), w.getString("frameAt"));
            assertTrue(w.getJsonObject("metrics").getInteger("people") >= 2, w.encode());
            assertEquals("/api/v1/warnings/" + w.getString("id") + "/snapshot", w.getString("snapshot"));

            JsonObject l = levels.get(0);
            assertEquals("slow", l.getString("level"));
            assertNotNull(Instant.parse(l.getString("frameAt")));
            assertTrue(l.getJsonObject("metrics").getInteger("occupancy") >= 1, l.encode());

            // Published after the row is written: the API lists it at once, and serves its snapshot.
            JsonArray listed = new JsonObject(HttpGet.ok(token, base + "/api/v1/warnings?kind=crowd")).getJsonArray("warnings");
            assertTrue(listed.stream().anyMatch(o -> ((JsonObject) o).getString("id").equals(w.getString("id"))),
                    listed.encode());
            HttpResponse<byte[]> snapshot = HTTP.send(HttpRequest.newBuilder(URI.create(base + w.getString("snapshot")))
                    .header("Authorization", TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, snapshot.statusCode());
            assertTrue(snapshot.body().length > 1000 && snapshot.body()[0] == (byte) 0xFF);

            JsonObject zone = new JsonObject(HttpGet.ok(token, base + "/api/v1/ioc")).getJsonArray("cameras").getJsonObject(0)
                    .getJsonArray("zones").getJsonObject(0);
            assertEquals("road", zone.getString("id"));
            assertTrue(List.of("free", "slow").contains(zone.getString("level")), zone.encode());

            // The left-open warning was cleared at the start, before the camera ran.
            JsonObject cleared = new JsonObject(HttpGet.ok(token, base + "/api/v1/warnings?active=false"))
                    .getJsonArray("warnings").stream().map(o -> (JsonObject) o)
                    .filter(o -> o.getString("id").equals(LEFT_OPEN)).findFirst().orElseThrow();
            assertEquals("cleared", cleared.getString("state"));
            assertEquals("analysis restarted", cleared.getJsonObject("metrics").getString("reason"));
            assertEquals(9, cleared.getJsonObject("metrics").getInteger("people"), "its last metrics are kept");
            Instant clearedAt = Instant.parse(cleared.getString("clearedAt"));
            assertTrue(!clearedAt.isBefore(started) && clearedAt.isBefore(Instant.parse(w.getString("raisedAt"))),
                    cleared.encode());
            stopping = Instant.now();
        }
        // The stop clears what the camera's watch still had open: nothing is left active, with no watcher.
        try (Database db = Database.open(app.storage())) {
            List<StoredWarning> stored = new JdbcWarningRepository(db).list(new WarningQuery(null, null, null, null,
                    null, null, 1000));
            assertTrue(stored.size() >= 2, stored.toString());
            for (StoredWarning s : stored) {
                Warning x = s.warning();
                assertEquals(Warning.CLEARED, x.state(), x.toString());
                if (Warning.ANALYSIS_STOPPED.equals(x.metrics().get(Warning.REASON))) {
                    assertTrue(!x.clearedAt().isBefore(stopping), x.toString());
                }
            }
        }
    }
}
