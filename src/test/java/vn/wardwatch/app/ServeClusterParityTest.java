package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.auth.Role;
import vn.wardwatch.cluster.ClusterNode;
import vn.wardwatch.cluster.ClusterSettings;
import vn.wardwatch.cluster.ClusterWorker;
import vn.wardwatch.cluster.SignalPushes;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.HttpGet;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.testsupport.TwoNodeCluster;

/**
 * serve's api node and a real worker in one JVM (two Hazelcast members): the live frame route on the api node shows
 * the worker's real pipeline (the sample street), a camera no worker runs answers 503, a signal pushed through
 * the api node's API goes out on the event bus to the workers, and the operations centre ({@code /api/v1/ioc}) shows
 * the worker's zone state (offline with the zone as before any frame without a worker).
 */
class ServeClusterParityTest {

    private static final Path SAMPLE = Path.of("samples/street.mp4");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void apiNodeServesTheWorkersFrameAndForwardsSignalPushes() throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail(SAMPLE + " is missing: run ./scripts/make-sample.sh (./scripts/test.sh does)");
        }
        AppConfig app = ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0}
                storage: {data_dir: "%s"}
                detector: {threads: 1}
                cameras:
                  street:
                    source: {url: samples/street.mp4, loop: true}
                    detect: {width: 640, height: 480, fps: 5}
                    recording: {mode: always, segment_seconds: 2}
                    geometry:
                      zones:
                        - {id: road, points: [[0, 160], [400, 150], [640, 110], [640, 400], [0, 300]]}
                      signal_heads:
                        - {id: street_sig, region: [600, 10, 20, 50], source: controller}
                    traffic:
                      zones:
                        road: {levels: {slow: {occupancy: 2}}}
                  nowhere:
                    source: {url: rtsp://127.0.0.1:9/none}
                """.formatted(dir.toString().replace("\\", "/")), "test config", Map.of());
        int apiPort = TwoNodeCluster.freePort();
        int workerPort = TwoNodeCluster.freePort();
        List<String> members = List.of("127.0.0.1:" + apiPort, "127.0.0.1:" + workerPort);
        String name = "parity-" + apiPort;
        ClusterNode apiNode = ClusterNode.start(new ClusterSettings(name, "127.0.0.1", apiPort, members,
                app.evidence().dir(), 3), ClusterNode.Role.API);
        try (ServeCommand.WardWatch api = ServeCommand.WardWatch.start(app, apiNode)) {
            String token = new TestUsers(api.users()).token(Role.ADMIN);
            String base = "http://127.0.0.1:" + api.apiPort() + "/api/v1";
            List<JsonObject> pushes = new CopyOnWriteArrayList<>();
            api.vertx().eventBus().<JsonObject>consumer(SignalPushes.PUSHED, m -> pushes.add(m.body()));

            // No worker yet: a configured camera answers 503 naming it.
            HttpResponse<String> none = get(base + "/cameras/street/frame", token, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, none.statusCode(), none.body());
            assertEquals("application/problem+json", none.headers().firstValue("Content-Type").orElse(null));
            assertTrue(new JsonObject(none.body()).getString("detail").contains("camera 'street'"), none.body());

            // The operations centre: the street (the only camera with traffic zones) offline, its zone as before
            // any frame, until a worker reports it.
            JsonObject street = ioc(base, token);
            assertEquals("offline", street.getString("state"));
            JsonObject road = street.getJsonArray("zones").getJsonObject(0);
            assertEquals("road", road.getString("id"));
            assertEquals(0, road.getInteger("vehicles"));
            assertEquals(0, road.getInteger("flowPerMinute"));

            // The API takes the push on its own board and publishes it for the camera's worker.
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/signals/street_sig"))
                    .header("Authorization", TestUsers.bearer(token)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"red\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            Await.until(Duration.ofSeconds(10), "the push on the event bus", () -> !pushes.isEmpty());
            assertEquals("street", pushes.get(0).getString("camera"));
            assertEquals("street_sig", pushes.get(0).getString("head"));
            assertEquals("red", pushes.get(0).getString("state"));

            try (ClusterWorker worker = ClusterWorker.start(app, new ClusterSettings(name, "127.0.0.1", workerPort,
                    members, app.evidence().dir(), 3))) {
                // Both cameras go to the only worker; the sample street analyses frames, "nowhere" cannot connect.
                Await.until(Duration.ofSeconds(90), "the worker's frame of the street through the api node",
                        () -> status(base + "/cameras/street/frame", token) == 200);
                HttpResponse<byte[]> frame = get(base + "/cameras/street/frame?width=320", token,
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, frame.statusCode());
                assertEquals("image/jpeg", frame.headers().firstValue("Content-Type").orElse(null));
                Mat image = Imgcodecs.imdecode(new MatOfByte(frame.body()), Imgcodecs.IMREAD_COLOR);
                assertEquals(320, image.cols());
                assertEquals(240, image.rows());
                image.release();
                assertTrue(frame.headers().firstValue("X-Frame-Time").isPresent());
                // Running there without a frame: 404 as in one process.
                Await.until(Duration.ofSeconds(30), "the worker answers for 'nowhere'",
                        () -> status(base + "/cameras/nowhere/frame", token) == 404);
                // The worker records the street into the shared directory; the api node lists and cuts it.
                String range = "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
                Await.until(Duration.ofSeconds(60), "two of the worker's segments listed by the api node",
                        () -> recordings(base, token, range).size() >= 2);
                JsonArray segments = recordings(base, token, range);
                for (int i = 0; i < segments.size(); i++) {
                    assertTrue(Files.isRegularFile(dir.resolve("recordings")
                            .resolve(segments.getJsonObject(i).getString("file"))), segments.encode());
                }
                HttpResponse<byte[]> clip = get(base + "/cameras/street/clip?from="
                        + segments.getJsonObject(0).getString("start") + "&to="
                        + segments.getJsonObject(1).getString("end"), token, HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, clip.statusCode(), () -> new String(clip.body()));
                assertEquals("video/mp4", clip.headers().firstValue("Content-Type").orElse(null));
                assertTrue(clip.body().length > 1000, clip.body().length + " bytes");
                // The worker's zone state reaches the api node's operations centre: cars enter the road.
                Await.until(Duration.ofSeconds(90), "the street online with flow on the api node's IOC", () -> {
                    JsonObject s = ioc(base, token);
                    return "online".equals(s.getString("state"))
                            && s.getJsonArray("zones").getJsonObject(0).getInteger("flowPerMinute") > 0;
                });
            }
            // The worker stopped: 3 s without a report and the street shows offline, its zone reset.
            Await.until(Duration.ofSeconds(30), "the street offline on the api node's IOC once the worker stopped",
                    () -> "offline".equals(ioc(base, token).getString("state")));
            assertEquals(road, ioc(base, token).getJsonArray("zones").getJsonObject(0));
        }
    }

    private static <T> HttpResponse<T> get(String url, String token, HttpResponse.BodyHandler<T> body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestUsers.bearer(token))
                .build(), body);
    }

    /** The street's recorded segments the api node lists. */
    private static JsonArray recordings(String base, String token, String range) {
        return new JsonObject(HttpGet.ok(token, base + "/cameras/street/recordings" + range)).getJsonArray("segments");
    }

    /** The street in the operations centre's snapshot (its only camera). */
    private static JsonObject ioc(String base, String token) {
        JsonArray cameras = new JsonObject(HttpGet.ok(token, base + "/ioc")).getJsonArray("cameras");
        assertEquals(1, cameras.size(), cameras.encode());
        assertEquals("street", cameras.getJsonObject(0).getString("id"));
        return cameras.getJsonObject(0);
    }

    private static int status(String url, String token) {
        try {
            return get(url, token, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
