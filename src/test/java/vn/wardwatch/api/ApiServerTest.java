package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;

/** The real server on a real port with a real database file; camera status comes from a fixed list. */
class ApiServerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    private static ApiServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 7, 7, 7, (byte) 0xFF, (byte) 0xD9};
    private static long plateWithCrop;
    private static long plateWithoutCrop;
    /** An admin's session token: every route but the health probes needs one (issue 8). */
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        JdbcCountRepository counts = new JdbcCountRepository(database);
        counts.add(List.of(new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, 4),
                new CountBucket("gate1", "main", ObjectClass.MOTORBIKE, "out", T0.plusSeconds(120), 7)),
                ZoneOffset.ofHours(7));
        CameraStatus gate1 = new CameraStatus("gate1", "Cổng 1", "rtsp://admin:***@[::1]:8554/cam", "Asia/Ho_Chi_Minh",
                "online", T0, 10, 5, 100, 2, 1, T0, null, 3,
                List.of(new CameraStatus.LineCount("main", "car", "in", 4)), List.of(),
                Map.of("sidewalk", Map.of("person", 2)));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.counter("wardwatch.frames.in", "camera", "gate1").increment(5);
        JdbcPlateRepository plates = new JdbcPlateRepository(database);
        PlateCropStore crops = new PlateCropStore(dir);
        ZoneOffset hanoi = ZoneOffset.ofHours(7);
        plateWithCrop = plates.add(plate("gate1", T0, "30A-339.18"),
                crops.write("gate1", T0, hanoi, 1, JPEG));
        plates.add(plate("gate1", T0.plusSeconds(60), "30A-339.16"), null);
        plateWithoutCrop = plates.add(plate("gate2", T0.plusSeconds(120), "51F-123.45"), null);
        ApiDependencies deps = new ApiDependencies(() -> List.of(gate1), counts,
                new JdbcCameraStateRepository(database), plates, crops, database::isHealthy, () -> true, metrics,
                Clock.systemUTC());
        TestUsers users = new TestUsers(database);
        token = users.token(Role.ADMIN);
        server = ApiServer.start(vertx, new ApiConfig("::", 0), deps.withSecurity(users.security()))
                .await(20, TimeUnit.SECONDS);
    }

    private static PlateSighting plate(String camera, Instant at, String text) {
        return new PlateSighting(camera, at, ZoneOffset.ofHours(7), 5, "line", new PlateVote(text,
                text.replaceAll("[-.]", ""), PlateLayout.ONE_LINE, PlateColour.WHITE, 0.9, true, 0.95, 3, 2,
                List.of(new PlateVote.RunnerUp("30A-339.19", "30A33919", 0.05, 1))));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", TestUsers.bearer(token));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contractIsServedAsOpenApi31() throws Exception {
        HttpResponse<String> r = get("/openapi.yaml");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("openapi: 3.1.0"));
    }

    @Test
    void camerasAreListedWithHealthAndRedactedSource() throws Exception {
        HttpResponse<String> r = get("/api/v1/cameras");
        assertEquals(200, r.statusCode());
        JsonObject cam = new JsonObject(r.body()).getJsonArray("cameras").getJsonObject(0);
        assertEquals("gate1", cam.getString("id"));
        assertEquals("online", cam.getString("state"));
        assertEquals("rtsp://admin:***@[::1]:8554/cam", cam.getString("source"));
    }

    @Test
    void unknownCameraIsAProblemJson404() throws Exception {
        HttpResponse<String> r = get("/api/v1/cameras/nope");
        assertEquals(404, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonObject problem = new JsonObject(r.body());
        assertEquals(404, problem.getInteger("status"));
        assertTrue(problem.getString("detail").contains("nope"));
        assertEquals("/api/v1/cameras/nope", problem.getString("instance"));
    }

    @Test
    void invalidQueryParametersAreRejectedByTheContract() throws Exception {
        HttpResponse<String> badInterval = get("/api/v1/counts?interval=7m");
        assertEquals(400, badInterval.statusCode());
        assertTrue(new JsonObject(badInterval.body()).getString("detail").contains("interval"),
                badInterval.body());
        HttpResponse<String> badClass = get("/api/v1/counts?class=tank");
        assertEquals(400, badClass.statusCode());
        HttpResponse<String> badCamera = get("/api/v1/cameras/Bad%20Id");
        assertEquals(400, badCamera.statusCode());
        HttpResponse<String> badTime = get("/api/v1/counts?from=yesterday");
        assertEquals(400, badTime.statusCode());
        assertTrue(new JsonObject(badTime.body()).getString("detail").contains("from"), badTime.body());
        HttpResponse<String> reversed = get("/api/v1/counts?from=2026-11-22T02:00:00Z&to=2026-11-22T01:00:00Z");
        assertEquals(400, reversed.statusCode());
    }

    @Test
    void countsComeBackInIntervalBucketsWithFilters() throws Exception {
        HttpResponse<String> r = get("/api/v1/counts?camera=gate1&from=2026-11-22T08:00:00%2B07:00"
                + "&to=2026-11-22T09:00:00%2B07:00&interval=1h");
        assertEquals(200, r.statusCode(), r.body());
        var buckets = new JsonObject(r.body()).getJsonArray("buckets");
        assertEquals(2, buckets.size());
        assertEquals(4, buckets.getJsonObject(0).getInteger("count"));
        assertEquals("2026-11-22T01:00:00Z", buckets.getJsonObject(0).getString("start"));
        HttpResponse<String> filtered = get("/api/v1/counts?camera=gate1&class=motorbike&direction=out"
                + "&from=2026-11-22T01:00:00Z&to=2026-11-22T02:00:00Z&interval=1m");
        var only = new JsonObject(filtered.body()).getJsonArray("buckets");
        assertEquals(1, only.size());
        assertEquals(7, only.getJsonObject(0).getInteger("count"));
        assertEquals("2026-11-22T01:02:00Z", only.getJsonObject(0).getString("start"));
    }

    @Test
    void liveSnapshotIsCacheableWithEtag() throws Exception {
        HttpResponse<String> first = get("/api/v1/live");
        assertEquals(200, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(first.headers().firstValue("Cache-Control").orElseThrow().contains("max-age=1"));
        JsonObject cam = new JsonObject(first.body()).getJsonArray("cameras").getJsonObject(0);
        assertEquals(4, cam.getJsonArray("totals").getJsonObject(0).getInteger("count"));
        HttpResponse<String> second = get("/api/v1/live", "If-None-Match", etag);
        assertEquals(304, second.statusCode());
    }

    @Test
    void healthSaysReadyAndMetricsArePrometheusText() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", new JsonObject(health.body()).getString("status"));
        assertEquals("1/1 online", new JsonObject(health.body()).getJsonObject("checks").getString("cameras"));
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("wardwatch_frames_in_total{camera=\"gate1\"} 5.0"), metrics.body());
    }

    @Test
    void unknownPathsAndMethodsAreProblems() throws Exception {
        HttpResponse<String> missing = get("/api/v1/nothing");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/cameras")).header("Authorization", TestUsers.bearer(token))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertFalse(new JsonObject(post.body()).getString("detail").isEmpty());
        // Without a token nothing is told about the API's paths, existing or not.
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/api/v1/nothing")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void platesAreFoundExactlyAndOneEditAwayWhateverTheSeparatorsAndCase() throws Exception {
        HttpResponse<String> r = get("/api/v1/plates?text=30a-339.18");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray plates = new JsonObject(r.body()).getJsonArray("plates");
        assertEquals(2, plates.size(), r.body());
        JsonObject exact = plates.getJsonObject(0);
        assertEquals("exact", exact.getString("match"));
        assertEquals("30A-339.18", exact.getString("text"));
        assertEquals("30A33918", exact.getString("characters"));
        assertEquals("gate1", exact.getString("camera"));
        assertEquals("2026-11-22T01:00:00Z", exact.getString("at"));
        assertEquals("2026-11-22T08:00:00+07:00", exact.getString("localTime"));
        assertEquals(1, exact.getInteger("lines"));
        assertEquals("white", exact.getString("colour"));
        assertEquals(0.95, exact.getDouble("support"));
        assertEquals("30A-339.19", exact.getJsonArray("runnerUps").getJsonObject(0).getString("text"));
        assertEquals("/api/v1/plates/" + plateWithCrop + "/crop", exact.getString("crop"));
        assertEquals("fuzzy", plates.getJsonObject(1).getString("match"));
        assertEquals("30A-339.16", plates.getJsonObject(1).getString("text"));

        JsonArray spaced = new JsonObject(get("/api/v1/plates?text=30A%20339%2018").body()).getJsonArray("plates");
        assertEquals(2, spaced.size());
        assertEquals(0, new JsonObject(get("/api/v1/plates?text=29B125662").body()).getJsonArray("plates").size());
    }

    @Test
    void platesAreFilteredByCameraAndTimeAndLimited() throws Exception {
        JsonArray gate2 = new JsonObject(get("/api/v1/plates?camera=gate2").body()).getJsonArray("plates");
        assertEquals(1, gate2.size());
        assertNull(gate2.getJsonObject(0).getString("crop"));
        assertFalse(gate2.getJsonObject(0).containsKey("match"), "no text, no match");
        JsonArray window = new JsonObject(get("/api/v1/plates?from=2026-11-22T08:00:30%2B07:00"
                + "&to=2026-11-22T01:02:00Z").body()).getJsonArray("plates");
        assertEquals(1, window.size());
        assertEquals("30A-339.16", window.getJsonObject(0).getString("text"));
        JsonArray newest = new JsonObject(get("/api/v1/plates?limit=1").body()).getJsonArray("plates");
        assertEquals(List.of("51F-123.45"), newest.stream().map(o -> ((JsonObject) o).getString("text")).toList());
    }

    @Test
    void badPlateQueriesAreProblems() throws Exception {
        for (String query : List.of("text=30A_339", "text=%20-.", "text=1234567890123", "limit=0", "limit=501",
                "limit=many", "from=yesterday", "from=2026-11-22T02:00:00Z&to=2026-11-22T01:00:00Z", "camera=Gate%201")) {
            HttpResponse<String> r = get("/api/v1/plates?" + query);
            assertEquals(400, r.statusCode(), query + ": " + r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow(), query);
            String parameter = query.substring(0, query.indexOf('='));
            assertTrue(new JsonObject(r.body()).getString("detail").contains(parameter), query + ": " + r.body());
        }
    }

    @Test
    void aPlateCropIsServedAsJpegAndAMissingOneIsAProblem() throws Exception {
        HttpResponse<byte[]> crop = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/plates/" + plateWithCrop + "/crop")).header("Authorization", TestUsers.bearer(token)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, crop.statusCode());
        assertEquals("image/jpeg", crop.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(JPEG, crop.body());

        HttpResponse<String> noCrop = get("/api/v1/plates/" + plateWithoutCrop + "/crop");
        assertEquals(404, noCrop.statusCode());
        assertEquals("application/problem+json", noCrop.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new JsonObject(noCrop.body()).getString("detail").contains("no crop"), noCrop.body());
        HttpResponse<String> unknown = get("/api/v1/plates/999999/crop");
        assertEquals(404, unknown.statusCode());
        assertTrue(new JsonObject(unknown.body()).getString("detail").contains("no plate with id 999999"));
        assertEquals(400, get("/api/v1/plates/abc/crop").statusCode());
    }

    @Test
    void listensOnIpv6LoopbackToo() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + server.port()
                + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
    }
}
