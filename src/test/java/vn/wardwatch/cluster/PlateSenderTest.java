package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import vn.wardwatch.api.ApiDependencies;
import vn.wardwatch.api.ApiServer;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.pipeline.PlateWriter;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.PlateSearch;
import vn.wardwatch.storage.StoredPlate;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.util.OpenCv;

/**
 * Plates read on a worker, across two real Hazelcast members in one JVM: the worker's {@link PlateWriter} writes the
 * crop into the shared directory and queues the row in a {@link PlateSender}; the api node, up only later, stores
 * each sighting once in H2 (a resend changes nothing), and its {@code /api/v1/plates} finds it and serves the crop.
 */
class PlateSenderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00.125Z");
    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);

    @TempDir
    Path dir;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static PlateSighting sighting(long track, String text) {
        return new PlateSighting("gate1", T0.plusSeconds(track), HANOI, track, "line", new PlateVote(text,
                text.replaceAll("[-.]", ""), PlateLayout.ONE_LINE, PlateColour.WHITE, 0.9, true, 0.95, 3, 2,
                List.of(new PlateVote.RunnerUp("30A-339.19", "30A33919", 0.05, 1))));
    }

    private static List<StoredPlate> rows(JdbcPlateRepository repository) {
        return repository.search(new PlateSearch(null, null, null, null, 100));
    }

    @Test
    void workerPlatesReachTheApiNodeOnceWithTheirCropsServedFromTheSharedDirectory() throws Exception {
        int p1 = ClusterNodeTest.freePort();
        int p2 = ClusterNodeTest.freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        Path shared = dir.resolve("shared");
        Mat crop = new Mat(40, 120, CvType.CV_8UC3, new Scalar(200, 180, 20));
        try (ClusterNode api = ClusterNode.start(new ClusterSettings("plates-" + p1, "127.0.0.1", p1, members, null,
                3), ClusterNode.Role.API);
             ClusterNode worker = ClusterNode.start(new ClusterSettings("plates-" + p1, "127.0.0.1", p2, members, null,
                     3), ClusterNode.Role.WORKER);
             Database db = Database.open(dir.resolve("ww"))) {
            Await.until(Duration.ofSeconds(20), "the api node sees the worker", () -> api.liveWorkers().size() == 1);
            PlateSender sender = new PlateSender(worker.vertx().eventBus());
            PlateWriter writer = new PlateWriter(sender, new PlateCropStore(shared), new SimpleMeterRegistry());

            // The api node's receiver is down: the crops are written, the rows wait.
            writer.store(sighting(1, "30A-339.18"), crop);
            writer.store(sighting(2, "51F-123.45"), crop);
            sender.flush(); // a resend while nobody listens fails again
            assertFalse(sender.allAcknowledged());
            JdbcPlateRepository repository = new JdbcPlateRepository(db);
            assertEquals(0, rows(repository).size());

            // Up: the next resends are stored and acknowledged.
            MessageConsumer<JsonObject> receiver = PlateSender.receive(api.vertx(), repository);
            receiver.completion().await(5, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(20), "both plates acknowledged", () -> {
                sender.flush(); // the periodic resend, by hand
                return sender.allAcknowledged();
            });
            List<StoredPlate> stored = rows(repository);
            assertEquals(2, stored.size());
            StoredPlate first = stored.stream().filter(p -> p.sighting().trackId() == 1).findFirst().orElseThrow();
            assertEquals(sighting(1, "30A-339.18"), first.sighting());
            assertNotNull(first.cropFile());

            // A lost ack: the same row arrives again, by the worker's outbox and as a raw repeat. Still one row each.
            sender.add(first.sighting(), first.cropFile());
            Await.until(Duration.ofSeconds(10), "the resend acknowledged", () -> {
                sender.flush();
                return sender.allAcknowledged();
            });
            Object reply = worker.vertx().eventBus().request(PlateSender.ADDRESS,
                    PlateSender.toJson(first.sighting(), first.cropFile())).await(5, TimeUnit.SECONDS).body();
            assertFalse((Boolean) reply);
            assertEquals(2, rows(repository).size());

            // The api node's search finds the worker's plate and serves the crop the worker wrote.
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ApiDependencies deps = new ApiDependencies(() -> List.of(), new JdbcCountRepository(db),
                    new JdbcCameraStateRepository(db), repository, new PlateCropStore(shared), db::isHealthy,
                    () -> true, metrics, Clock.systemUTC());
            TestUsers users = new TestUsers(db);
            String token = users.token(Role.ADMIN);
            ApiServer server = ApiServer.start(api.vertx(), new ApiConfig("127.0.0.1", 0),
                    deps.withSecurity(users.security())).await(20, TimeUnit.SECONDS);
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/api/v1/plates?text=30A-339.18")).header("Authorization",
                        TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, search.statusCode(), search.body());
                JsonArray plates = new JsonObject(search.body()).getJsonArray("plates");
                assertEquals(1, plates.size(), search.body());
                assertEquals("exact", plates.getJsonObject(0).getString("match"));
                HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + plates.getJsonObject(0).getString("crop"))).header("Authorization",
                        TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, image.statusCode());
                assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElseThrow());
                assertArrayEquals(Files.readAllBytes(shared.resolve(first.cropFile())), image.body());
            } finally {
                server.close().await(10, TimeUnit.SECONDS);
                sender.close(Duration.ofSeconds(1));
            }
        } finally {
            crop.release();
        }
    }
}
