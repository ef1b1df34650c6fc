package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.auth.Role;
import vn.wardwatch.cluster.ClusterCameraStatus;
import vn.wardwatch.cluster.ClusterFrames;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.ingest.LatestFrame;
import vn.wardwatch.privacy.PrivacyMasker;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.testsupport.TwoNodeCluster;
import vn.wardwatch.util.OpenCv;

/**
 * Live frames in cluster mode: the api node (no camera of its own) serves {@code /cameras/{id}/frame} by asking the
 * worker running the camera over a real clustered event bus (two Hazelcast members in this JVM). The worker's frame
 * is a real {@link LatestFrame} fed with a decoded JPEG; coordinators get it masked on the api node's side.
 */
class ClusterFrameApiTest {

    @TempDir
    Path dir;

    @Test
    void apiNodeServesTheWorkersFrameAnd503WhenNoWorkerRunsTheCamera() throws Exception {
        OpenCv.load();
        Map<String, CameraConfig> configs = Map.of("gate1", CameraViewApiTest.camera("gate1"),
                "gate2", CameraViewApiTest.camera("gate2"), "gate3", CameraViewApiTest.camera("gate3"));
        try (TwoNodeCluster cluster = TwoNodeCluster.start(); Database database = Database.open(dir.resolve("ww"));
             LatestFrame gate1 = new LatestFrame(); LatestFrame gate2 = new LatestFrame()) {
            // The worker: gate1 has analysed a frame (from a real JPEG), gate2 runs but has none yet.
            Mat original = CameraViewApiTest.plateFrame();
            MatOfByte jpeg = new MatOfByte();
            assertTrue(Imgcodecs.imencode(".jpg", original, jpeg));
            Mat decoded = Imgcodecs.imdecode(jpeg, Imgcodecs.IMREAD_COLOR);
            gate1.update(decoded, CameraViewApiTest.T0);
            original.release();
            decoded.release();
            ClusterFrames worker = new ClusterFrames(cluster.worker.vertx());
            worker.serve("gate1", gate1);
            worker.serve("gate2", gate2);

            // The api node: cluster camera status, real users and camera groups, a real masker for coordinators.
            ApiDependencies deps = new ApiDependencies(
                    new ClusterCameraStatus(configs, Clock.systemUTC(), Duration.ofSeconds(3)),
                    new JdbcCountRepository(database), new JdbcCameraStateRepository(database),
                    new JdbcPlateRepository(database), new PlateCropStore(dir), database::isHealthy, () -> true,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            TestUsers users = new TestUsers(database);
            String admin = users.token(Role.ADMIN);
            String coordinator = users.token("coord-center", Role.COORDINATOR, Set.of("center"));
            PrivacyMasker masker = new PrivacyMasker(Files.createDirectories(dir.resolve("evidence")),
                    bgr -> List.of(new BoundingBox(CameraViewApiTest.PLATE.x, CameraViewApiTest.PLATE.y,
                            CameraViewApiTest.PLATE.width, CameraViewApiTest.PLATE.height)), null,
                    Duration.ofSeconds(5));
            ApiServer server = ApiServer.start(cluster.api.vertx(), new ApiConfig("127.0.0.1", 0),
                    deps.withSecurity(users.security(Map.of("center", Set.of("gate1")), masker)))
                    .await(20, TimeUnit.SECONDS);
            try {
                // The worker's subscription reaches the api node shortly after it registers.
                Await.until(Duration.ofSeconds(20), "the api node serves gate1's frame from the worker",
                        () -> status(server, "/api/v1/cameras/gate1/frame", admin) == 200);
                HttpResponse<byte[]> r = CameraViewApiTest.get(server, "/api/v1/cameras/gate1/frame", admin);
                Mat full = CameraViewApiTest.picture(r);
                assertEquals(640, full.cols());
                assertEquals(480, full.rows());
                assertEquals(CameraViewApiTest.T0.toString(), r.headers().firstValue("X-Frame-Time").orElse(null));
                assertTrue(CameraViewApiTest.contrast(full, CameraViewApiTest.PLATE) > 100, "sharp for an admin");
                Mat thumb = CameraViewApiTest.picture(CameraViewApiTest.get(server,
                        "/api/v1/cameras/gate1/frame?width=320", admin));
                assertEquals(320, thumb.cols());
                assertEquals(240, thumb.rows());

                // A coordinator's frame is masked here, on the api node.
                HttpResponse<byte[]> forCoordinator = CameraViewApiTest.get(server, "/api/v1/cameras/gate1/frame"
                        + "?width=640", coordinator);
                Mat masked = CameraViewApiTest.picture(forCoordinator);
                assertEquals(640, masked.cols());
                assertTrue(CameraViewApiTest.contrast(masked, CameraViewApiTest.PLATE) < 40,
                        "blurred for a coordinator: " + CameraViewApiTest.contrast(masked, CameraViewApiTest.PLATE));
                assertEquals(CameraViewApiTest.T0.toString(),
                        forCoordinator.headers().firstValue("X-Frame-Time").orElse(null));
                // Another group's camera stays "not found", without asking any worker.
                assertEquals(404, status(server, "/api/v1/cameras/gate2/frame", coordinator));
                assertEquals(404, status(server, "/api/v1/cameras/nope/frame", admin));

                // gate2 runs but has no frame yet: 404 as in one process, said by its worker.
                Await.until(Duration.ofSeconds(20), "gate2's worker answers",
                        () -> status(server, "/api/v1/cameras/gate2/frame", admin) != 503);
                assertProblem(server, "/api/v1/cameras/gate2/frame", admin, 404,
                        "camera 'gate2' has no analysed frame yet");

                // gate3 is configured but no worker runs it: 503 naming it.
                assertProblem(server, "/api/v1/cameras/gate3/frame", admin, 503,
                        "camera 'gate3' runs on no live worker now (none has started it yet, or its worker left);"
                                + " try again shortly");

                // A worker that holds the address but never answers: 503 after the timeout, not a hang.
                cluster.worker.vertx().eventBus().consumer("wardwatch.cluster.frame.gate3", m -> { })
                        .completion().await(10, TimeUnit.SECONDS);
                Await.until(Duration.ofSeconds(30), "gate3's silent worker times out", () -> detail(server,
                        "/api/v1/cameras/gate3/frame", admin).contains("did not send a frame within 5 s"));

                // gate1 stops on the worker (moved away): 503, not 404 and not the old frame.
                worker.stop("gate1");
                Await.until(Duration.ofSeconds(20), "gate1 answers 503 once its worker stopped it",
                        () -> status(server, "/api/v1/cameras/gate1/frame", admin) == 503);
                full.release();
                thumb.release();
                masked.release();
            } finally {
                server.close().await(10, TimeUnit.SECONDS);
                masker.close();
            }
        }
    }

    private static int status(ApiServer server, String path, String token) {
        try {
            return CameraViewApiTest.get(server, path, token).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String detail(ApiServer server, String path, String token) {
        try {
            HttpResponse<byte[]> r = CameraViewApiTest.get(server, path, token);
            return r.statusCode() + " " + CameraViewApiTest.text(r);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertProblem(ApiServer server, String path, String token, int status, String detail)
            throws Exception {
        HttpResponse<byte[]> r = CameraViewApiTest.get(server, path, token);
        assertEquals(status, r.statusCode(), CameraViewApiTest.text(r));
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(null));
        assertEquals(detail, new JsonObject(CameraViewApiTest.text(r)).getString("detail"));
    }
}
