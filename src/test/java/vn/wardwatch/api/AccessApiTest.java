package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.privacy.MediaMasker;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.testsupport.TestUsers;

/**
 * Camera groups and plate privacy (issue 8): a coordinator of the centre group sees only the centre camera's
 * violations, with the plate masked and the pictures through the media masker; another camera's resources are
 * "not found"; what was viewed and exported is audited.
 */
class AccessApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    private static final byte[] MASKED = "masked picture".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    private static ApiServer server;
    private static ApiServer withoutMasker;
    private static TestUsers users;
    private static String coordinator;
    private static String northOfficer;
    private static String admin;
    private static final List<String> MASKED_KINDS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        Path evidence = dir.resolve("evidence");
        JdbcViolationRepository violations = new JdbcViolationRepository(database);
        for (String camera : List.of("gate1", "gate2")) {
            Path pkg = Files.createDirectories(evidence.resolve(camera).resolve("v-" + camera));
            Files.write(pkg.resolve("overview-1-on.jpg"), JPEG);
            Files.writeString(pkg.resolve("details.json"), "{\"plate\": \"30A-339.18\"}");
            violations.add(new StoredViolation("v-" + camera, camera, "RED_LIGHT", StoredViolation.NEW, T0,
                    ZoneOffset.ofHours(7), 1, "car", "stop", "north", "red", "image", "abc", "30A-339.18", "30A33918",
                    0.9, evidence.relativize(pkg).toString(), "00", T0));
        }
        List<CameraStatus> cameras = List.of(camera("gate1"), camera("gate2"));
        ApiDependencies deps = new ApiDependencies(() -> cameras, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), new ApiDependencies.Violations(violations, evidence,
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), Map.of()));
        users = new TestUsers(database);
        Map<String, Set<String>> groups = Map.of("center", Set.of("gate1"), "north", Set.of("gate2"));
        MediaMasker masker = (original, kind) -> {
            MASKED_KINDS.add(kind);
            return Files.write(dir.resolve("masked-" + original.getFileName()), MASKED);
        };
        coordinator = users.token("coord-center", Role.COORDINATOR, Set.of("center"));
        northOfficer = users.token("officer-north", Role.OFFICER, Set.of("north"));
        admin = users.token(Role.ADMIN);
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0),
                deps.withSecurity(users.security(groups, masker))).await(20, TimeUnit.SECONDS);
        withoutMasker = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0),
                deps.withSecurity(users.security(groups, null))).await(20, TimeUnit.SECONDS);
    }

    private static CameraStatus camera(String id) {
        return new CameraStatus(id, id, "rtsp://[::1]/" + id, "Asia/Ho_Chi_Minh", "online", T0, 10, 5, 100, 0, 0, T0,
                null, 0, List.of(), List.of(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        withoutMasker.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    private static HttpResponse<byte[]> get(ApiServer to, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .header("Authorization", TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void coordinatorSeesOnlyTheGroupsViolationsWithThePlateMasked() throws Exception {
        JsonArray list = json(get(server, "/api/v1/violations", coordinator)).getJsonArray("violations");
        assertEquals(1, list.size(), list.encode());
        JsonObject plate = list.getJsonObject(0).getJsonObject("plate");
        assertEquals("30*-***.**", plate.getString("text"));
        assertTrue(plate.getBoolean("masked"));
        JsonObject one = json(get(server, "/api/v1/violations/v-gate1", coordinator));
        assertEquals("30*-***.**", one.getJsonObject("plate").getString("text"));
        assertFalse(one.encode().contains("339"), one.encode());
        assertEquals(403, get(server, "/api/v1/violations?plate=30A-339.18", coordinator).statusCode());
    }

    @Test
    void officerAndAdminSeeThePlate() throws Exception {
        JsonObject plate = json(get(server, "/api/v1/violations/v-gate2", northOfficer)).getJsonObject("plate");
        assertEquals("30A-339.18", plate.getString("text"));
        assertFalse(plate.getBoolean("masked"));
        assertEquals(2, json(get(server, "/api/v1/violations", admin)).getJsonArray("violations").size());
    }

    @Test
    void coordinatorGetsPicturesThroughTheMaskerAndNothingWithoutOne() throws Exception {
        HttpResponse<byte[]> picture = get(server, "/api/v1/violations/v-gate1/files/overview-1-on.jpg", coordinator);
        assertEquals(200, picture.statusCode());
        assertEquals(new String(MASKED, StandardCharsets.US_ASCII),
                new String(picture.body(), StandardCharsets.US_ASCII));
        assertTrue(MASKED_KINDS.contains("image"));
        assertEquals(403, get(server, "/api/v1/violations/v-gate1/files/details.json", coordinator).statusCode());
        assertEquals(403, get(withoutMasker, "/api/v1/violations/v-gate1/files/overview-1-on.jpg", coordinator)
                .statusCode());
        HttpResponse<byte[]> original = get(server, "/api/v1/violations/v-gate2/files/overview-1-on.jpg", northOfficer);
        assertEquals(JPEG.length, original.body().length, "the officer gets the original");
    }

    @Test
    void anotherCamerasResourcesAreNotFound() throws Exception {
        assertEquals(404, get(server, "/api/v1/violations/v-gate1", northOfficer).statusCode());
        assertEquals(404, get(server, "/api/v1/violations/v-gate1/files/overview-1-on.jpg", northOfficer)
                .statusCode());
        assertEquals(404, get(server, "/api/v1/violations/v-gate1/export", northOfficer).statusCode());
        assertEquals(404, get(server, "/api/v1/cameras/gate2", coordinator).statusCode());
        JsonArray cams = json(get(server, "/api/v1/cameras", coordinator)).getJsonArray("cameras");
        assertEquals(List.of("gate1"), cams.stream().map(o -> ((JsonObject) o).getString("id")).toList());
        JsonArray live = json(get(server, "/api/v1/live", northOfficer)).getJsonArray("cameras");
        assertEquals(List.of("gate2"), live.stream().map(o -> ((JsonObject) o).getString("id")).toList());
        assertEquals(2, json(get(server, "/api/v1/cameras", admin)).getJsonArray("cameras").size());
    }

    @Test
    void viewsAndExportsAreAudited() throws Exception {
        assertEquals(200, get(server, "/api/v1/violations/v-gate2/files/details.json", northOfficer).statusCode());
        assertEquals(200, get(server, "/api/v1/violations/v-gate2/export", northOfficer).statusCode());
        assertTrue(users.audit().withAction("evidence.view").stream().anyMatch(e -> e.actor().equals("officer-north")
                && e.target().equals("violation:v-gate2") && e.detail().contains("details.json")));
        assertTrue(users.audit().withAction("evidence.export").stream()
                .anyMatch(e -> e.actor().equals("officer-north") && e.target().equals("violation:v-gate2")));
    }
}
