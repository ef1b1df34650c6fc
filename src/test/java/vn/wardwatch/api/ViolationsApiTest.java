package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.evidence.EvidenceFile;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;

/** The violation, evidence and signal routes against a real server, real H2 rows and real signed packages. */
class ViolationsApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    private static TestUsers users;
    /** The session token of officer1, who reviews (issue 8). */
    private static String officer1;
    private static ApiServer server;
    private static KeyPair keys;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        keys = ManifestSigner.generate();
        Path evidence = dir.resolve("evidence");
        EvidencePackageWriter writer = new EvidencePackageWriter(evidence, new ManifestSigner(keys.getPrivate()));
        JdbcViolationRepository violations = new JdbcViolationRepository(database);
        // Five violations a minute apart: red lights on gate1 (one with a plate), a wrong way on gate2.
        for (int i = 0; i < 5; i++) {
            String camera = i == 4 ? "gate2" : "gate1";
            String code = i == 4 ? "WRONG_WAY" : "RED_LIGHT";
            Instant at = T0.plusSeconds(60L * i);
            String id = "2026112201000" + i + "000Z-" + camera + "-" + i + "-" + code.toLowerCase();
            EvidenceManifest m = new EvidenceManifest(id, camera, camera, "1 Tràng Tiền", 21.0, 105.8, "north", code,
                    at, LocalDateTime.ofInstant(at, HANOI), HANOI, "system-clock", i, "red", "image", List.of(),
                    "abc", i == 1 ? "30A-339.18" : null, i == 1 ? 0.9 : null, null, List.of());
            Path pkg = writer.write(m, List.of(EvidenceFile.bytes("overview-1-on.jpg", JPEG),
                    EvidenceFile.bytes("details.json", "{}".getBytes(StandardCharsets.UTF_8))));
            violations.add(new StoredViolation(id, camera, code, StoredViolation.NEW, at, ZoneOffset.ofHours(7), i,
                    "car", "stop", "north", "red", "image", "abc", i == 1 ? "30A-339.18" : null,
                    i == 1 ? "30A33918" : null, i == 1 ? 0.9 : null, evidence.relativize(pkg).toString(), "00", at));
            ids.add(id);
        }
        SignalBoard board = new SignalBoard("gate1", List.of(
                new SignalHeadConfig("gate1_ctl", new BoundingBox(0, 0, 10, 30), false),
                new SignalHeadConfig("gate1_img", new BoundingBox(20, 0, 10, 30), true)));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), null,
                database::isHealthy, () -> true, metrics, Clock.systemUTC(),
                new ApiDependencies.Violations(violations, evidence, keys.getPublic(),
                        Map.of("gate1_ctl", board, "gate1_img", board)));
        users = new TestUsers(database);
        officer1 = users.token("officer1", Role.OFFICER, Set.of("*"));
        server = ApiServer.start(vertx, new ApiConfig("::", 0), deps.withSecurity(users.security()))
                .await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
        return send(method, path, body, officer1);
    }

    private static HttpResponse<byte[]> send(String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", TestUsers.bearer(token));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(HttpResponse<byte[]> r) {
        return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static JsonObject get(String path, int status) throws Exception {
        HttpResponse<byte[]> r = send("GET", path, null);
        assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return json(r);
    }

    @Test
    void listIsNewestFirstWithFiltersAndCursorPaging() throws Exception {
        JsonObject page1 = get("/api/v1/violations?camera=gate1&type=red_light&limit=2", 200);
        JsonArray v1 = page1.getJsonArray("violations");
        assertEquals(List.of(ids.get(3), ids.get(2)), List.of(v1.getJsonObject(0).getString("id"),
                v1.getJsonObject(1).getString("id")));
        JsonObject page2 = get("/api/v1/violations?camera=gate1&type=red_light&limit=2&cursor="
                + page1.getString("nextCursor"), 200);
        JsonArray v2 = page2.getJsonArray("violations");
        assertEquals(List.of(ids.get(1), ids.get(0)), List.of(v2.getJsonObject(0).getString("id"),
                v2.getJsonObject(1).getString("id")));
        JsonObject page3 = get("/api/v1/violations?camera=gate1&type=red_light&limit=2&cursor="
                + page2.getString("nextCursor"), 200);
        assertEquals(0, page3.getJsonArray("violations").size());
        assertNull(page3.getString("nextCursor"));

        JsonArray byPlate = get("/api/v1/violations?plate=30a-339.18", 200).getJsonArray("violations");
        assertEquals(1, byPlate.size());
        assertEquals("30A-339.18", byPlate.getJsonObject(0).getJsonObject("plate").getString("text"));
        assertEquals(1, get("/api/v1/violations?type=wrong_way", 200).getJsonArray("violations").size());
        assertEquals(2, get("/api/v1/violations?from=2026-11-22T08:01:00%2B07:00&to=2026-11-22T01:03:00Z", 200)
                .getJsonArray("violations").size());
    }

    @Test
    void badFiltersAreNamed() throws Exception {
        assertTrue(get("/api/v1/violations?cursor=nonsense!", 400).getString("detail").contains("cursor"));
        assertEquals(400, send("GET", "/api/v1/violations?type=speeding", null).statusCode());
        assertEquals(400, send("GET", "/api/v1/violations?status=maybe", null).statusCode());
        assertTrue(get("/api/v1/violations?from=yesterday", 400).getString("detail").contains("'from'"));
    }

    @Test
    void oneViolationListsItsFilesWhichDownloadWithTheirTypes() throws Exception {
        JsonObject v = get("/api/v1/violations/" + ids.get(0), 200);
        assertEquals("red_light", v.getString("type"));
        assertEquals("2026-11-22T08:00:00+07:00", v.getString("localTime"));
        List<String> names = v.getJsonArray("files").stream().map(o -> ((JsonObject) o).getString("name")).toList();
        assertEquals(List.of("details.json", "manifest.json", "manifest.sig", "overview-1-on.jpg"), names);
        HttpResponse<byte[]> jpeg = send("GET", "/api/v1/violations/" + ids.get(0) + "/files/overview-1-on.jpg", null);
        assertEquals(200, jpeg.statusCode());
        assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));
        assertEquals(JPEG.length, jpeg.body().length);
        assertEquals(404, send("GET", "/api/v1/violations/" + ids.get(0) + "/files/clip.mp4", null).statusCode());
        assertEquals(400, send("GET", "/api/v1/violations/" + ids.get(0) + "/files/..%2Fmanifest.json", null)
                .statusCode());
        assertEquals(404, send("GET", "/api/v1/violations/nope", null).statusCode());
    }

    @Test
    void exportIsAZipOfTheWholePackage() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/api/v1/violations/" + ids.get(2) + "/export", null);
        assertEquals(200, r.statusCode());
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertEquals(List.of(ids.get(2) + "/details.json", ids.get(2) + "/manifest.json", ids.get(2) + "/manifest.sig",
                ids.get(2) + "/overview-1-on.jpg"), entries);
    }

    @Test
    void verificationNamesAChangedFile() throws Exception {
        assertTrue(get("/api/v1/violations/" + ids.get(3) + "/verify", 200).getBoolean("ok"));
        Path pkg = Files.list(dir.resolve("evidence").resolve("gate1")).findFirst().orElseThrow()
                .resolve(ids.get(3));
        Path picture = pkg.resolve("overview-1-on.jpg");
        byte[] original = Files.readAllBytes(picture);
        byte[] changed = original.clone();
        changed[3] ^= 1;
        Files.write(picture, changed);
        try {
            JsonObject r = get("/api/v1/violations/" + ids.get(3) + "/verify", 200);
            assertFalse(r.getBoolean("ok"));
            JsonObject problem = r.getJsonArray("problems").getJsonObject(0);
            assertEquals("CHANGED_FILE", problem.getString("kind"));
            assertEquals("overview-1-on.jpg", problem.getString("file"));
        } finally {
            Files.write(picture, original);
        }
    }

    @Test
    void reviewMovesNewToConfirmedOrRejectedOnce() throws Exception {
        String path = "/api/v1/violations/" + ids.get(4) + "/review";
        HttpResponse<byte[]> noReason = send("POST", path, "{\"decision\": \"reject\"}");
        assertEquals(400, noReason.statusCode());
        assertTrue(json(noReason).getString("detail").contains("reasonCode"));
        assertEquals(400, send("POST", path, "{\"decision\": \"maybe\"}").statusCode());
        assertEquals(400, send("POST", path, "{}").statusCode());

        // The reviewer is the logged-in user; a reviewer in the body (older clients) is ignored.
        HttpResponse<byte[]> ok = send("POST", path, "{\"decision\": \"reject\", \"reviewer\": \"someone-else\","
                + " \"reasonCode\": \"emergency_vehicle\", \"note\": \"ambulance on call\"}");
        assertEquals(200, ok.statusCode(), new String(ok.body(), StandardCharsets.UTF_8));
        assertEquals("rejected", json(ok).getString("status"));
        HttpResponse<byte[]> again = send("POST", path, "{\"decision\": \"confirm\"}",
                users.token("officer2", Role.OFFICER, Set.of("*")));
        assertEquals(409, again.statusCode());
        assertEquals(1, users.audit().withAction("violation.review").stream()
                .filter(e -> e.actor().equals("officer1") && e.target().equals("violation:" + ids.get(4))).count());
        JsonObject v = get("/api/v1/violations/" + ids.get(4), 200);
        JsonObject review = v.getJsonArray("reviews").getJsonObject(0);
        assertEquals("officer1", review.getString("reviewer"));
        assertEquals("emergency_vehicle", review.getString("reasonCode"));
        assertEquals(1, v.getJsonArray("reviews").size());
        assertEquals(1, get("/api/v1/violations?status=rejected", 200).getJsonArray("violations").size());
        assertEquals(404, send("POST", "/api/v1/violations/nope/review",
                "{\"decision\": \"confirm\"}").statusCode());
    }

    @Test
    void publicKeyIsServedAsPem() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/api/v1/evidence/public-key", null);
        assertEquals(200, r.statusCode());
        assertEquals(ManifestSigner.publicKeyPem(keys.getPublic()), new String(r.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void controllersPushSignalStatesToControllerHeadsOnly() throws Exception {
        HttpResponse<byte[]> ok = send("PUT", "/api/v1/signals/gate1_ctl", "{\"state\": \"red\"}");
        assertEquals(200, ok.statusCode(), new String(ok.body(), StandardCharsets.UTF_8));
        assertEquals("red", json(ok).getString("state"));
        assertEquals("controller", json(ok).getString("source"));
        HttpResponse<byte[]> image = send("PUT", "/api/v1/signals/gate1_img", "{\"state\": \"red\"}");
        assertEquals(409, image.statusCode());
        assertTrue(json(image).getString("detail").contains("source: controller"));
        assertEquals(404, send("PUT", "/api/v1/signals/nope", "{\"state\": \"red\"}").statusCode());
        assertEquals(400, send("PUT", "/api/v1/signals/gate1_ctl", "{\"state\": \"blue\"}").statusCode());
        assertEquals(400, send("PUT", "/api/v1/signals/gate1_ctl", "{\"state\": \"red\", \"at\": \"now\"}")
                .statusCode());
        JsonArray all = get("/api/v1/signals", 200).getJsonArray("signals");
        assertEquals(2, all.size());
    }
}
