package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.analytics.traffic.TrafficFixtures;
import vn.wardwatch.analytics.traffic.TrafficListener;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.StoredZoneMinute;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.warning.Warning;
import vn.wardwatch.warning.WarningRecorder;
import vn.wardwatch.warning.WarningSnapshots;

/**
 * Warnings end to end without a detector: a camera's traffic fed synthetic tracks on stream time raises a crowd and a
 * congestion warning; the recorder stores them with their snapshots in a real H2 file; the real server lists them,
 * serves the snapshot and the IOC snapshot.
 */
class WarningsApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    /** An admin's session token (issue 8). */
    private static String token;
    private static TestUsers users;
    private static WarningRecorder recorder;
    private static ApiServer server;
    private static CameraTraffic traffic;
    private static JdbcZoneMinuteRepository minutes;
    private static final List<Warning> published = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> levels = Collections.synchronizedList(new ArrayList<>());
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        OpenCv.load();
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        JdbcWarningRepository warnings = new JdbcWarningRepository(database);
        minutes = new JdbcZoneMinuteRepository(database);
        WarningSnapshots snapshots = new WarningSnapshots(dir);
        recorder = new WarningRecorder(warnings, snapshots, published::add, new SimpleMeterRegistry(), 64);
        CameraConfig camera = TrafficFixtures.gate1(List.of());
        traffic = new CameraTraffic(camera, new TrafficListener() {
            @Override
            public void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics,
                              Instant frameAt) {
                levels.add(zoneId + " " + level.wireName());
            }

            @Override
            public void warning(Warning warning, Mat frame) {
                recorder.submit(warning, ZoneOffset.ofHours(7), frame);
            }

            @Override
            public void minute(String cameraId, String zoneId, MinuteTraffic.Summary summary) {
                minutes.add(new StoredZoneMinute(cameraId, zoneId, ZoneOffset.ofHours(7), summary));
            }
        });
        Mat frame = new Mat(360, 640, CvType.CV_8UC3, new Scalar(40, 120, 200));
        // 3 s of 6 people and 4 queued cars: congested after 1 s (min_seconds), a crowd after 2 s (its seconds).
        for (long ms = 0; ms <= 3000; ms += 200) {
            traffic.onFrame(frame, TrafficFixtures.queueAndCrowd(ms), ms, T0.plusMillis(ms));
        }
        // The same scene a minute later closes the minute 01:00.
        traffic.onFrame(frame, TrafficFixtures.queueAndCrowd(61_000), 61_000, T0.plusMillis(61_000));
        frame.release();
        assertTrue(recorder.drain(10_000));
        ApiDependencies deps = new ApiDependencies(() -> List.of(), new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), null, new ApiDependencies.Traffic(
                        () -> List.of(new IocSource.Camera("gate1", "online", traffic.zones())), warnings, snapshots,
                        minutes));
        users = new TestUsers(database);
        token = users.token(Role.ADMIN);
        server = ApiServer.start(vertx, new ApiConfig("::", 0), deps.withSecurity(users.security()))
                .await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        recorder.close();
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

    private static JsonArray warnings(String query) throws Exception {
        HttpResponse<String> r = get("/api/v1/warnings" + query);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("warnings");
    }

    @Test
    void closedMinutesAreStoredAndListedNewestFirst() throws Exception {
        HttpResponse<String> r = get("/api/v1/zones/minutes?camera=gate1&zone=road");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray list = new JsonObject(r.body()).getJsonArray("minutes");
        assertEquals(1, list.size(), r.body());
        JsonObject m = list.getJsonObject(0);
        assertEquals("2026-11-22T01:00:00Z", m.getString("minuteStart"));
        assertEquals("2026-11-22T08:00:00+07:00", m.getString("localMinuteStart"));
        assertEquals(16, m.getInteger("frames"));
        assertEquals(4, m.getInteger("maxOccupancy"));
        assertEquals(6, m.getInteger("maxPeople"));
        assertEquals("congested", m.getString("worstLevel"));
        // The same minute stored again replaces itself.
        StoredZoneMinute stored = minutes.list("gate1", "road", null, null, 10).get(0);
        minutes.add(stored);
        assertEquals(1, minutes.list(null, null, null, null, 10).size());
        assertEquals(0, new JsonObject(get("/api/v1/zones/minutes?zone=nowhere").body()).getJsonArray("minutes")
                .size());
        assertEquals(400, get("/api/v1/zones/minutes?from=2026-11-22T02:00:00Z&to=2026-11-22T01:00:00Z")
                .statusCode());
    }

    @Test
    void raisedWarningsAreStoredPublishedAndListedAsActive() throws Exception {
        assertEquals(List.of("road congested"), levels);
        JsonArray active = warnings("?active=true");
        assertEquals(2, active.size(), active.encodePrettily());
        JsonObject crowd = warnings("?kind=crowd&camera=gate1&zone=road").getJsonObject(0);
        assertEquals("raised", crowd.getString("state"));
        assertTrue(crowd.getBoolean("active"));
        assertEquals(T0.plusMillis(2000).toString(), crowd.getString("raisedAt"));
        assertEquals(6, crowd.getJsonObject("metrics").getInteger("people"));
        assertNull(crowd.getString("clearedAt"));
        JsonObject congestion = warnings("?kind=congestion").getJsonObject(0);
        assertEquals("congested", congestion.getString("level"));
        assertEquals(4, congestion.getJsonObject("metrics").getInteger("queueVehicles"));
        assertEquals(0, warnings("?active=false").size());
        assertEquals(0, warnings("?camera=gate2").size());
        assertEquals(0, warnings("?from=2026-11-22T01:00:03Z").size());
        // Published once stored (the clearing test below publishes more).
        assertEquals(List.of("raised", "raised"), published.subList(0, 2).stream().map(Warning::state).toList());
        assertEquals("/api/v1/warnings/" + crowd.getString("id") + "/snapshot", crowd.getString("snapshot"));
    }

    @Test
    void theSnapshotIsTheJpegOfTheRaisingFrame() throws Exception {
        JsonObject crowd = warnings("?kind=crowd").getJsonObject(0);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + crowd.getString("snapshot"))).header("Authorization", TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
        byte[] body = r.body();
        assertEquals((byte) 0xFF, body[0]);
        assertEquals((byte) 0xD8, body[1]);
        Path file = dir.resolve("warnings/gate1/2026-11-22/" + crowd.getString("id") + ".jpg");
        assertArrayEquals(Files.readAllBytes(file), body);
        assertEquals(404, get("/api/v1/warnings/00000000-0000-0000-0000-000000000000/snapshot").statusCode());
        // Issue 8: the picture shows plates and faces; without a media masker other roles get none of it.
        for (Role role : List.of(Role.COORDINATOR, Role.IOC)) {
            HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + crowd.getString("snapshot"))).header("Authorization",
                    TestUsers.bearer(users.token("snap-" + role.wireName(), role, java.util.Set.of("*")))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(403, refused.statusCode(), role.wireName());
        }
    }

    @Test
    void badFiltersAreProblems() throws Exception {
        assertEquals(400, get("/api/v1/warnings?kind=riot").statusCode());
        assertEquals(400, get("/api/v1/warnings?limit=0").statusCode());
        assertEquals(400, get("/api/v1/warnings?from=2026-11-22T02:00:00Z&to=2026-11-22T01:00:00Z").statusCode());
    }

    @Test
    void theIocSnapshotHasCountsAndLevelsPerZoneWithAnEtag() throws Exception {
        HttpResponse<String> r = get("/api/v1/ioc");
        assertEquals(200, r.statusCode());
        JsonObject body = new JsonObject(r.body());
        assertNotNull(body.getString("generatedAt"));
        JsonObject zone = body.getJsonArray("cameras").getJsonObject(0).getJsonArray("zones").getJsonObject(0);
        assertEquals("road", zone.getString("id"));
        assertEquals("congested", zone.getString("level"));
        assertEquals(4, zone.getInteger("vehicles"));
        assertEquals(6, zone.getInteger("people"));
        assertEquals(4, zone.getInteger("queueVehicles"));
        assertEquals(2, zone.getInteger("activeWarnings"));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/api/v1/ioc", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertFalse(again.body().contains("road"));
    }

    @Test
    void clearingUpdatesTheRowInPlace() throws Exception {
        JdbcWarningRepository repo = new JdbcWarningRepository(database);
        Warning crowd = repo.list(new vn.wardwatch.storage.WarningQuery(true, null, null, "crowd", null, null, 5))
                .get(0).warning();
        Warning cleared = new Warning(crowd.id(), crowd.cameraId(), crowd.zoneId(), crowd.kind(), Warning.CLEARED,
                null, crowd.raisedAt(), T0.plusSeconds(60), T0.plusSeconds(60), Map.of("people", 0), false);
        recorder.submit(cleared, ZoneOffset.ofHours(7), null);
        assertTrue(recorder.drain(10_000));
        JsonObject row = warnings("?active=false").getJsonObject(0);
        assertEquals(crowd.id(), row.getString("id"));
        assertEquals("cleared", row.getString("state"));
        assertEquals(T0.plusSeconds(60).toString(), row.getString("clearedAt"));
        // The snapshot of the raise is kept.
        assertEquals("/api/v1/warnings/" + crowd.id() + "/snapshot", row.getString("snapshot"));
        // Put it back for the other tests, whatever their order.
        recorder.submit(crowd, ZoneOffset.ofHours(7), null);
        assertTrue(recorder.drain(10_000));
    }
}
