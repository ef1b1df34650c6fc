package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.testsupport.HttpGet;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRow;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RtspTestServer;

/**
 * The whole system, real parts only: two RTSP cameras served by two GStreamer servers, ffmpeg ingest, the NanoDet
 * model, tracking, counting, the H2 file and the HTTP API. Camera A's server is stopped and restarted while camera
 * B must not notice.
 */
class ServeEndToEndTest {

    /** An admin's session token for the running server (issue 8). */
    private static String token;

    private static final Path SAMPLE = Path.of("samples/street.h264");

    @TempDir
    Path dir;

    @Test
    void camerasGoOnlineCountRiseAndOneCameraReconnectsWithoutDisturbingTheOther() throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail(SAMPLE + " is missing: run ./scripts/make-sample.sh (./scripts/test.sh does)");
        }
        try (RtspTestServer serverA = RtspTestServer.start(Map.of("cam", SAMPLE));
             RtspTestServer serverB = RtspTestServer.start(Map.of("cam", SAMPLE))) {
            AppConfig app = ConfigLoader.parse(config(serverA.url("cam"), serverB.url("cam")), "test config",
                    Map.of());
            Instant started = Instant.now();
            try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
                String base = "http://127.0.0.1:" + running.apiPort();
                token = new TestUsers(running.users()).token(Role.ADMIN);

                Await.until(Duration.ofSeconds(30), "both cameras online",
                        () -> state(base, "cam_a").equals("online") && state(base, "cam_b").equals("online"),
                        () -> HttpGet.ok(token, base + "/api/v1/cameras"));
                Await.until(Duration.ofSeconds(90), "counts rising on both cameras",
                        () -> liveTotal(base, "cam_a") > 0 && liveTotal(base, "cam_b") > 0,
                        () -> HttpGet.ok(token, base + "/api/v1/live"));

                // Issue 9: the console's camera view reads the real pipeline: its latest analysed frame, at
                // analysis size and as a thumbnail, and its geometry in the same pixels.
                HttpResponse<byte[]> frame = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/cameras/cam_b/frame")).header("Authorization", TestUsers.bearer(token)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, frame.statusCode());
                assertEquals("image/jpeg", frame.headers().firstValue("Content-Type").orElseThrow());
                BufferedImage picture = ImageIO.read(new ByteArrayInputStream(frame.body()));
                assertEquals(640, picture.getWidth());
                assertEquals(480, picture.getHeight());
                HttpResponse<byte[]> thumb = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/cameras/cam_b/frame?width=160")).header("Authorization", TestUsers.bearer(token))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(160, ImageIO.read(new ByteArrayInputStream(thumb.body())).getWidth());
                JsonObject geometry = new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/cam_b/geometry"));
                assertEquals(640, geometry.getInteger("width"));
                assertEquals("road_middle", geometry.getJsonArray("lines").getJsonObject(0).getString("id"));

                // Issue 7: camera A is also recorded (its own ffmpeg), listed and cut into a clip by the API.
                String range = "?from=" + started.minusSeconds(60) + "&to=" + started.plusSeconds(3600);
                Await.until(Duration.ofSeconds(30), "camera A's first recorded segments",
                        () -> new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/cam_a/recordings" + range))
                                .getJsonArray("segments").size() >= 2);
                JsonObject first = new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/cam_a/recordings" + range))
                        .getJsonArray("segments").getJsonObject(0);
                HttpResponse<byte[]> clip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/cameras/cam_a/clip?from=" + first.getString("start") + "&to="
                        + first.getString("end"))).header("Authorization", TestUsers.bearer(token)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, clip.statusCode());
                assertEquals("video/mp4", clip.headers().firstValue("Content-Type").orElseThrow());
                assertTrue(clip.body().length > 1000, "a clip with video in it");

                long bReconnects = camera(base, "cam_b").getLong("reconnects");
                serverA.stop();
                Await.until(Duration.ofSeconds(30), "camera A noticed its server is gone",
                        () -> List.of("stalled", "offline").contains(state(base, "cam_a")),
                        () -> HttpGet.ok(token, base + "/api/v1/cameras/cam_a"));
                long bFramesWhileADown = camera(base, "cam_b").getLong("framesIn");
                Await.until(Duration.ofSeconds(15), "camera B still receiving while A is down",
                        () -> camera(base, "cam_b").getLong("framesIn") > bFramesWhileADown + 10);
                assertEquals("online", state(base, "cam_b"));

                serverA.restart();
                Await.until(Duration.ofSeconds(60), "camera A back online",
                        () -> state(base, "cam_a").equals("online"), () -> HttpGet.ok(token, base + "/api/v1/cameras/cam_a"));
                JsonObject a = camera(base, "cam_a");
                assertTrue(a.getLong("reconnects") >= 1, a.encode());
                Await.until(Duration.ofSeconds(30), "camera A's recording gap while its server was down",
                        () -> !new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/cam_a/recordings" + range))
                                .getJsonArray("gaps").isEmpty());
                assertEquals(bReconnects, camera(base, "cam_b").getLong("reconnects"), "camera B reconnected");

                JsonObject detail = new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/cam_a"));
                List<String> history = detail.getJsonArray("stateHistory").stream()
                        .map(o -> ((JsonObject) o).getString("state")).toList();
                assertTrue(history.contains("online") && (history.contains("offline") || history.contains("stalled")),
                        history.toString());

                String metrics = HttpGet.ok(token, base + "/metrics");
                assertTrue(metrics.contains("wardwatch_frames_in_total{camera=\"cam_b\"}"), "frames metric");
                assertTrue(metrics.contains("wardwatch_stage_time_seconds_count{camera=\"cam_a\",stage=\"detect\"}"),
                        "inference time metric");
                assertTrue(metrics.contains("wardwatch_counts_total{camera=\"cam_a\""), "count metric");
            }
            // Closing flushes the current minute: the counts are in the database file and survive the process.
            try (Database db = Database.open(dir.resolve("data/wardwatch"))) {
                List<CountRow> rows = new JdbcCountRepository(db).query(new CountQuery("cam_a", null, null, null,
                        started.truncatedTo(ChronoUnit.MINUTES), Instant.now().plusSeconds(60), Duration.ofHours(1)));
                assertTrue(rows.stream().mapToLong(CountRow::count).sum() > 0, rows.toString());
            }
        }
    }

    private String config(String urlA, String urlB) {
        String camera = """
                  %s:
                    source:
                      url: "%s"
                      stall_timeout_seconds: 3%s
                    detect: {width: 640, height: 480, fps: 5}
                    geometry:
                      lines:
                        - id: road_middle
                          points: [[330, 130], [330, 420]]
                """;
        return "api: {host: \"::\", port: 0}\n"
                + "storage: {data_dir: \"" + dir.resolve("data") + "\"}\n"
                + "detector: {threads: 1}\n"
                + "cameras:\n" + camera.formatted("cam_a", urlA,
                "\n    recording: {mode: always, segment_seconds: 2}") + camera.formatted("cam_b", urlB, "");
    }

    private static String state(String base, String id) {
        return camera(base, id).getString("state");
    }

    private static JsonObject camera(String base, String id) {
        return new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras/" + id));
    }

    private static long liveTotal(String base, String id) {
        JsonArray cameras = new JsonObject(HttpGet.ok(token, base + "/api/v1/live")).getJsonArray("cameras");
        for (Object o : cameras) {
            JsonObject c = (JsonObject) o;
            if (c.getString("id").equals(id)) {
                return c.getJsonArray("totals").stream().mapToLong(t -> ((JsonObject) t).getLong("count")).sum();
            }
        }
        return 0;
    }
}
