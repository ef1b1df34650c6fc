package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.evidence.EvidenceFile;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.testsupport.TestUsers;

/**
 * The review page's one call (issue 9): {@code GET /api/v1/violations/{id}} of a full signed package (three
 * overviews, vehicle and plate crops, clip, details.json as {@code ViolationRecorder} writes it) gives the media by
 * role, where, when, signal, plate with runner-ups, moments and clip; a coordinator gets every plate text masked; a
 * package whose details cannot be read still answers.
 */
class ViolationDetailApiTest {

    static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    static final String FULL = "20261122T010000000Z-gate1-7-red_light";
    static final String BROKEN = "20261122T010100000Z-gate1-8-red_light";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static Database database;
    static ApiServer server;
    static String officer;
    static String coordinator;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** As ViolationRecorder.details writes it. */
    static final String DETAILS = """
            {"type": "RED_LIGHT", "objectClass": "car", "place": "stop", "lane": "north", "trackId": 7,
             "streamMillis": 5000,
             "moments": [{"label": "before", "streamMillis": 4600, "frameStreamMillis": 4600,
                          "frameWallTime": "2026-11-22T00:59:59.600Z", "box": [220.0, 230.0, 200.0, 150.0]},
                         {"label": "on", "streamMillis": 5000, "frameStreamMillis": 5000,
                          "frameWallTime": "2026-11-22T01:00:00Z", "box": [220.0, 250.0, 200.0, 150.0]},
                         {"label": "past", "streamMillis": 5600, "frameStreamMillis": 5600,
                          "frameWallTime": "2026-11-22T01:00:00.600Z", "box": [220.0, 280.0, 200.0, 150.0]}],
             "signal": {"head": "gate1_sig", "state": "red", "source": "image", "heldMillis": 4200},
             "plate": {"text": "30A-339.18", "layout": "ONE_LINE", "colour": "WHITE", "confidence": 0.93,
                       "valid": true, "support": 0.75, "reads": 3,
                       "runnerUps": [{"text": "30A-339.16", "support": 0.25, "reads": 1}]},
             "clip": {"frames": 51, "fromStreamMillis": 0, "toStreamMillis": 10000,
                      "from": "2026-11-22T00:59:55Z", "to": "2026-11-22T01:00:05Z", "source": "analysis_frames"}}
            """;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        Path evidence = dir.resolve("evidence");
        EvidencePackageWriter writer = new EvidencePackageWriter(evidence,
                new ManifestSigner(ManifestSigner.generate().getPrivate()));
        JdbcViolationRepository violations = new JdbcViolationRepository(database);
        for (String id : List.of(FULL, BROKEN)) {
            Instant at = id.equals(FULL) ? T0 : T0.plusSeconds(60);
            EvidenceManifest m = new EvidenceManifest(id, "gate1", "Cổng 1", "1 Tràng Tiền, Hà Nội", 21.0245,
                    105.8561, "north", "RED_LIGHT", at, LocalDateTime.ofInstant(at, HANOI), HANOI, "system-clock", 7,
                    "red", "image", List.of(), "abc123", "30A-339.18", 0.93, "analysis_frames", List.of());
            List<EvidenceFile> files = id.equals(FULL)
                    ? List.of(EvidenceFile.bytes("overview-3-past.jpg", JPEG),
                            EvidenceFile.bytes("overview-1-before.jpg", JPEG),
                            EvidenceFile.bytes("overview-2-on.jpg", JPEG), EvidenceFile.bytes("vehicle.jpg", JPEG),
                            EvidenceFile.bytes("plate.jpg", JPEG), EvidenceFile.bytes("clip.mp4", JPEG),
                            EvidenceFile.bytes("details.json", DETAILS.getBytes(StandardCharsets.UTF_8)))
                    : List.of(EvidenceFile.bytes("overview-1-on.jpg", JPEG),
                            EvidenceFile.bytes("details.json", "{not json".getBytes(StandardCharsets.UTF_8)));
            Path pkg = writer.write(m, files);
            violations.add(new StoredViolation(id, "gate1", "RED_LIGHT", StoredViolation.NEW, at,
                    ZoneOffset.ofHours(7), 7, "car", "stop", "north", "red", "image", "abc123", "30A-339.18",
                    "30A33918", 0.93, evidence.relativize(pkg).toString(), "00", at));
        }
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), null,
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), new ApiDependencies.Violations(violations, evidence,
                        ManifestSigner.generate().getPublic(), Map.of()));
        TestUsers users = new TestUsers(database);
        officer = users.token(Role.OFFICER);
        coordinator = users.token("coord", Role.COORDINATOR, Set.of("*"));
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps.withSecurity(users.security(Map.of(),
                (original, kind) -> original))).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    static JsonObject get(String id, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/violations/" + id)).header("Authorization", TestUsers.bearer(token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void oneCallGivesTheReviewerEverything() throws Exception {
        JsonObject v = get(FULL, officer);
        String base = "/api/v1/violations/" + FULL + "/files/";
        assertEquals(new JsonObject()
                .put("overview", new JsonArray()
                        .add(new JsonObject().put("label", "before").put("url", base + "overview-1-before.jpg"))
                        .add(new JsonObject().put("label", "on").put("url", base + "overview-2-on.jpg"))
                        .add(new JsonObject().put("label", "past").put("url", base + "overview-3-past.jpg")))
                .put("vehicle", base + "vehicle.jpg").put("plate", base + "plate.jpg").put("clip", base + "clip.mp4"),
                v.getJsonObject("media"));
        assertEquals(new JsonObject().put("cameraName", "Cổng 1").put("address", "1 Tràng Tiền, Hà Nội")
                .put("latitude", 21.0245).put("longitude", 105.8561), v.getJsonObject("location"));
        assertEquals("2026-11-22T01:00:00Z", v.getString("at"));
        assertEquals("2026-11-22T08:00:00+07:00", v.getString("localTime"));
        assertEquals("Asia/Ho_Chi_Minh", v.getString("timezone"));
        assertEquals("north", v.getString("lane"));
        assertEquals("abc123", v.getString("geometryHash"));
        assertEquals(new JsonObject("{\"state\":\"red\",\"source\":\"image\",\"head\":\"gate1_sig\","
                + "\"heldMillis\":4200}"), v.getJsonObject("signal"));
        JsonObject plate = v.getJsonObject("plate");
        assertEquals("30A-339.18", plate.getString("text"));
        assertEquals(0.93, plate.getDouble("confidence"));
        assertEquals(0.75, plate.getDouble("support"));
        assertEquals(3, plate.getInteger("reads"));
        assertEquals(new JsonArray("[{\"text\":\"30A-339.16\",\"support\":0.25,\"reads\":1}]"),
                plate.getJsonArray("alternatives"));
        JsonArray moments = v.getJsonArray("moments");
        assertEquals(3, moments.size());
        assertEquals(new JsonObject("{\"label\":\"on\",\"at\":\"2026-11-22T01:00:00Z\","
                + "\"box\":[220.0,250.0,200.0,150.0]}"), moments.getJsonObject(1));
        assertEquals(new JsonObject("{\"from\":\"2026-11-22T00:59:55Z\",\"to\":\"2026-11-22T01:00:05Z\","
                + "\"frames\":51,\"source\":\"analysis_frames\"}"), v.getJsonObject("clip"));
        assertEquals(new JsonArray(), v.getJsonArray("reviews"));
        assertEquals(9, v.getJsonArray("files").size(), v.getJsonArray("files").encode());
    }

    @Test
    void coordinatorGetsEveryPlateTextMasked() throws Exception {
        JsonObject v = get(FULL, coordinator);
        JsonObject plate = v.getJsonObject("plate");
        assertEquals("30*-***.**", plate.getString("text"));
        assertEquals("30*-***.**", plate.getJsonArray("alternatives").getJsonObject(0).getString("text"));
        assertFalse(v.encode().contains("339"), v.encode());
        assertEquals("/api/v1/violations/" + FULL + "/files/plate.jpg", v.getJsonObject("media").getString("plate"),
                "the crop's URL: the file route masks it for coordinators");
    }

    @Test
    void aPackageWhoseDetailsCannotBeReadStillAnswers() throws Exception {
        JsonObject v = get(BROKEN, officer);
        assertEquals(new JsonArray(), v.getJsonObject("plate").getJsonArray("alternatives"));
        assertEquals(new JsonArray(), v.getJsonArray("moments"));
        assertNull(v.getJsonObject("clip"));
        assertNull(v.getJsonObject("media").getString("clip"));
        assertEquals(1, v.getJsonObject("media").getJsonArray("overview").size());
        assertEquals("1 Tràng Tiền, Hà Nội", v.getJsonObject("location").getString("address"));
    }
}
