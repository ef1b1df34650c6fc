package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.analytics.traffic.TrafficFixtures;
import vn.wardwatch.analytics.traffic.TrafficListener;
import vn.wardwatch.api.ApiDependencies;
import vn.wardwatch.api.ApiServer;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.api.IocSource;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.HttpGet;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.testsupport.TwoNodeCluster;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.warning.WarningSnapshots;

/**
 * The operations centre ({@code /api/v1/ioc}) and the signal list ({@code /api/v1/signals}) on a cluster's api node
 * answer what one process answers for the same camera: the worker reports a real {@link CameraTraffic}'s zone states
 * and a real {@link SignalBoard}'s heads every second over a real clustered event bus (two Hazelcast members in this
 * JVM), and the api node's answers are compared with a one-process API server reading the same objects. Once the
 * worker stops reporting, the camera shows offline with its zones as before any frame, as one process shows a camera
 * without analysis.
 */
class ClusterIocApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    static CameraConfig camera() {
        return TrafficFixtures.gate1(List.of(new SignalHeadConfig("lamp", new BoundingBox(600, 10, 10, 30), true),
                new SignalHeadConfig("ctrl", new BoundingBox(620, 10, 10, 30), false)));
    }

    /** 3 s of 6 people and 4 queued cars, then the same a minute later: a level, warnings and a closed minute. */
    static void drive(CameraTraffic traffic, SignalBoard board) {
        Mat frame = new Mat(360, 640, CvType.CV_8UC3, new Scalar(40, 120, 200));
        for (long ms : new long[] {0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2500, 3000, 61_000}) {
            traffic.onFrame(frame, TrafficFixtures.queueAndCrowd(ms), ms, T0.plusMillis(ms));
            board.update(frame, ms, T0.plusMillis(ms));
            if (ms == 1000) {
                board.push("ctrl", SignalColour.RED, T0.plusMillis(ms));
            }
        }
        frame.release();
    }

    static CameraStatus online(CameraConfig c) {
        return new CameraStatus(c.id(), c.name(), c.source().redactedUrl(), c.timezone().getId(), "online", T0, 10,
                5, 100, 0, 0, T0.plusSeconds(61), null, 10, List.of(), List.of(), Map.of());
    }

    @Test
    void theApiNodeShowsTheWorkersZoneStatesAndSignalHeadsAsOneProcessDoes() throws Exception {
        OpenCv.load();
        CameraConfig camera = camera();
        // The worker's camera: real traffic state and a real board, driven by the same frames.
        CameraTraffic traffic = new CameraTraffic(camera, TrafficListener.NONE);
        SignalBoard workerBoard = new SignalBoard(camera.id(), camera.geometry().signalHeads());
        drive(traffic, workerBoard);

        try (TwoNodeCluster cluster = TwoNodeCluster.start(); Database database = Database.open(dir.resolve("ww"))) {
            TestUsers users = new TestUsers(database);
            String token = users.token(Role.ADMIN);
            // One process: its API reads the pipeline's zones and board directly.
            AtomicReference<IocSource.Camera> local = new AtomicReference<>(
                    new IocSource.Camera("gate1", "online", traffic.zones()));
            Vertx oneProcess = Vertx.vertx();
            ApiServer single = start(oneProcess, database, users, () -> List.of(local.get()),
                    new ApiDependencies.Violations(new JdbcViolationRepository(database), dir, null,
                            heads(workerBoard)));

            // The api node: its own board (which sees no frame) and the workers' reports.
            ClusterCameraStatus reports = new ClusterCameraStatus(Map.of("gate1", camera), Clock.systemUTC(),
                    Duration.ofSeconds(3));
            reports.listen(cluster.api.vertx());
            SignalBoard apiBoard = new SignalBoard(camera.id(), camera.geometry().signalHeads());
            ApiServer api = start(cluster.api.vertx(), database, users, reports::iocCameras,
                    new ApiDependencies.Violations(new JdbcViolationRepository(database), dir, null,
                            heads(apiBoard), reports));
            try {
                // Before any report: offline, zones as before any frame (one process before its first frame).
                JsonArray before = cameras(api, token);
                assertEquals("offline", before.getJsonObject(0).getString("state"));
                local.set(new IocSource.Camera("gate1", "offline",
                        new CameraTraffic(camera, TrafficListener.NONE).zones()));
                Await.until(Duration.ofSeconds(10), "one process shows the camera without analysis",
                        () -> cameras(single, token).equals(before));

                // The worker reports every second, as ClusterWorker does.
                local.set(new IocSource.Camera("gate1", "online", traffic.zones()));
                long timer = cluster.worker.vertx().setPeriodic(1000, t -> cluster.worker.vertx().eventBus()
                        .publish(ClusterCameraStatus.ADDRESS, CameraReport.of("w1", online(camera), traffic.zones(),
                                workerBoard)));
                Await.until(Duration.ofSeconds(30), "the api node's IOC shows the worker's zones",
                        () -> sameAndIn(api, single, token, "online"));
                JsonObject zone = cameras(api, token).getJsonObject(0).getJsonArray("zones").getJsonObject(0);
                assertEquals("online", cameras(api, token).getJsonObject(0).getString("state"));
                assertEquals("congested", zone.getString("level"));
                assertEquals(4, zone.getInteger("vehicles"));
                assertEquals(6, zone.getInteger("people"));
                assertTrue(zone.getInteger("activeWarnings") > 0, zone.encode());
                assertNotNull(zone.getString("levelSince"));
                assertEquals(T0.toString(), zone.getJsonObject("lastMinute").getString("minuteStart"));

                // The signal list: the worker's board, image head included (its held time on the stream).
                JsonArray signals = signals(api, token);
                assertEquals(signals(single, token), signals);
                JsonObject lamp = head(signals, "lamp");
                assertEquals("image", lamp.getString("source"));
                assertTrue(lamp.getDouble("heldSeconds") > 0, lamp.encode());
                JsonObject ctrl = head(signals, "ctrl");
                assertEquals("red", ctrl.getString("state"));
                assertEquals(60.0, ctrl.getDouble("heldSeconds"), ctrl.encode());

                // The worker stops the camera: 3 s without a report and it shows as without analysis again.
                cluster.worker.vertx().cancelTimer(timer);
                local.set(new IocSource.Camera("gate1", "offline",
                        new CameraTraffic(camera, TrafficListener.NONE).zones()));
                Await.until(Duration.ofSeconds(30), "the api node shows the camera offline, zones reset",
                        () -> sameAndIn(api, single, token, "offline"));
                // Its heads fall back to the api node's board: pushed states only, nothing read from the image.
                JsonObject staleLamp = head(signals(api, token), "lamp");
                assertEquals("unknown", staleLamp.getString("state"));
                assertEquals(0.0, staleLamp.getDouble("heldSeconds"));
            } finally {
                api.close().await(10, TimeUnit.SECONDS);
                single.close().await(10, TimeUnit.SECONDS);
                oneProcess.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private ApiServer start(Vertx vertx, Database database, TestUsers users, IocSource ioc,
                            ApiDependencies.Violations violations) throws Exception {
        ApiDependencies deps = new ApiDependencies(() -> List.of(), new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), violations, new ApiDependencies.Traffic(ioc, new JdbcWarningRepository(database),
                new WarningSnapshots(dir), new JdbcZoneMinuteRepository(database)));
        return ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps.withSecurity(users.security()))
                .await(20, TimeUnit.SECONDS);
    }

    /** Both servers' snapshots list the same cameras, the camera in {@code state}. */
    private static boolean sameAndIn(ApiServer api, ApiServer single, String token, String state) {
        JsonArray cameras = cameras(api, token);
        return state.equals(cameras.getJsonObject(0).getString("state")) && cameras.equals(cameras(single, token));
    }

    /** The board of each head, in config order (the list's order). */
    private static Map<String, SignalBoard> heads(SignalBoard board) {
        Map<String, SignalBoard> heads = new LinkedHashMap<>();
        heads.put("lamp", board);
        heads.put("ctrl", board);
        return heads;
    }

    /** The snapshot's cameras (its build time differs between servers). */
    private static JsonArray cameras(ApiServer server, String token) {
        return new JsonObject(HttpGet.ok(token, "http://127.0.0.1:" + server.port() + "/api/v1/ioc"))
                .getJsonArray("cameras");
    }

    private static JsonArray signals(ApiServer server, String token) {
        return new JsonObject(HttpGet.ok(token, "http://127.0.0.1:" + server.port() + "/api/v1/signals"))
                .getJsonArray("signals");
    }

    private static JsonObject head(JsonArray signals, String id) {
        for (Object o : signals) {
            if (o instanceof JsonObject h && id.equals(h.getString("id"))) {
                return h;
            }
        }
        throw new AssertionError("no head " + id + " in " + signals.encode());
    }
}
