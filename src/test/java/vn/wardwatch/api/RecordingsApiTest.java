package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.privacy.MediaMasker;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.recording.ClipExporter;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.recording.RecordingGap;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.TestClip;

/**
 * The recording routes on a real server: three real 2 s MPEG-TS segments (cut by ffmpeg's segment muxer from a test
 * clip, as the recorder does) indexed in a real H2 file, then listed, joined into clips and served in byte ranges.
 */
class RecordingsApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    /** An admin's session token (issue 8). */
    private static String token;
    private static TestUsers users;
    private static final List<String> MASKED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static ApiServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestClip clip = TestClip.generate(dir, 6);
        Path root = dir.resolve("recordings");
        Path day = Files.createDirectories(root.resolve("cam1/2026-11-22"));
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", clip.mp4().toString(), "-c", "copy",
                "-f", "segment", "-segment_time", "2", "-reset_timestamps", "1", "-segment_format", "mpegts",
                day.resolve("seg-%d.ts").toString()));
        database = Database.open(dir.resolve("ww"));
        JdbcRecordingRepository repository = new JdbcRecordingRepository(database);
        for (int i = 0; i < 3; i++) {
            Path f = day.resolve("seg-" + i + ".ts");
            Instant start = T0.plusSeconds(2L * i);
            repository.addSegment(new RecordedSegment(0, "cam1", start, start.plusSeconds(2),
                    "cam1/2026-11-22/seg-" + i + ".ts", Files.size(f), "0".repeat(64), false, false, false, 10.0,
                    10.0));
        }
        repository.addGap(new RecordingGap("cam1", T0.plusSeconds(6), T0.plusSeconds(30), "camera offline"));
        vertx = Vertx.vertx();
        ApiDependencies deps = new ApiDependencies(() -> List.of(), new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), null, null, new ApiDependencies.Recordings(repository,
                        new ClipExporter(repository, root, dir.resolve("tmp"), "ffmpeg", "ffprobe"),
                        Set.of("cam1", "cam2")));
        users = new TestUsers(database);
        token = users.token(Role.ADMIN);
        // Coordinators' clips go through the media masker; this one copies the clip and notes the call.
        MediaMasker masker = (original, kind) -> {
            MASKED.add(kind);
            return Files.copy(original, original.resolveSibling("masked-" + original.getFileName()));
        };
        server = ApiServer.start(vertx, new ApiConfig("::", 0), deps.withSecurity(users.security(
                Map.of("one", Set.of("cam1"), "two", Set.of("cam2")), masker))).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void listsSegmentsAndGapsOverlappingTheRange() throws Exception {
        HttpResponse<String> r = get("/api/v1/cameras/cam1/recordings?from=2026-11-22T08:00:01%2B07:00"
                + "&to=2026-11-22T01:01:00Z", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(3, body.getJsonArray("segments").size());
        JsonObject first = body.getJsonArray("segments").getJsonObject(0);
        assertEquals("2026-11-22T01:00:00Z", first.getString("start"));
        assertEquals(2.0, first.getDouble("durationSeconds"));
        assertEquals("camera offline", body.getJsonArray("gaps").getJsonObject(0).getString("reason"));
    }

    @Test
    void clipAcrossSegmentsIsOneMp4WithRequestedAndActualRangeHeaders() throws Exception {
        HttpResponse<byte[]> r = getBytes("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:01.500Z"
                + "&to=2026-11-22T01:00:04.500Z", null);
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("video/mp4", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals("2026-11-22T01:00:01.500Z", r.headers().firstValue("X-Requested-Start").orElseThrow());
        assertEquals("2026-11-22T01:00:04.500Z", r.headers().firstValue("X-Requested-End").orElseThrow());
        // The test clip has a keyframe every second: the copy starts at 01:00:01.
        assertEquals("2026-11-22T01:00:01Z", r.headers().firstValue("X-Actual-Start").orElseThrow());
        assertEquals("2026-11-22T01:00:04.500Z", r.headers().firstValue("X-Actual-End").orElseThrow());
        assertEquals("0", r.headers().firstValue("X-Recording-Gaps").orElseThrow());
        Path mp4 = dir.resolve("got.mp4");
        Files.write(mp4, r.body());
        assertEquals(3.5, probeDuration(mp4), 0.15);

        // Exact cut: re-encoded, starts where asked.
        HttpResponse<byte[]> exact = getBytes("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:01.500Z"
                + "&to=2026-11-22T01:00:04.500Z&exact=true", null);
        assertEquals(200, exact.statusCode());
        assertEquals("2026-11-22T01:00:01.500Z", exact.headers().firstValue("X-Actual-Start").orElseThrow());
        Files.write(mp4, exact.body());
        assertEquals(3.0, probeDuration(mp4), 0.15);

        // Range requests: a browser seeking.
        int size = r.body().length;
        HttpResponse<byte[]> part = getBytes("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:01.500Z"
                + "&to=2026-11-22T01:00:04.500Z", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/" + size, part.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(100, part.body().length);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(r.body(), 100, 200)),
                java.util.Arrays.toString(part.body()), "the same bytes as the whole clip");
        HttpResponse<byte[]> tail = getBytes("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:01.500Z"
                + "&to=2026-11-22T01:00:04.500Z", "bytes=-50");
        assertEquals(206, tail.statusCode());
        assertEquals(50, tail.body().length);
        HttpResponse<byte[]> beyond = getBytes("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:01.500Z"
                + "&to=2026-11-22T01:00:04.500Z", "bytes=" + (size + 10) + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + size, beyond.headers().firstValue("Content-Range").orElseThrow());
        // Temporary clips are deleted once served.
        try (Stream<Path> left = Files.walk(dir.resolve("tmp"))) {
            assertEquals(0, left.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void coordinatorsClipIsMaskedAndAuditedAndAnotherGroupsCameraIsNotFound() throws Exception {
        String coordinator = users.token("coord-one", Role.COORDINATOR, Set.of("one"));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:01Z&to=2026-11-22T01:00:03Z"))
                .header("Authorization", TestUsers.bearer(coordinator)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertTrue(MASKED.contains("clip"));
        assertTrue(users.audit().withAction("recording.clip").stream()
                .anyMatch(e -> e.actor().equals("coord-one") && e.target().equals("camera:cam1")));
        String otherGroup = users.token("officer-two", Role.OFFICER, Set.of("two"));
        HttpResponse<byte[]> hidden = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/cameras/cam1/recordings?from=2026-11-22T01:00:00Z&to=2026-11-22T01:01:00Z"))
                .header("Authorization", TestUsers.bearer(otherGroup)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(404, hidden.statusCode());
    }

    @Test
    void aClipOverAGapSaysSo() throws Exception {
        HttpResponse<byte[]> r = getBytes("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:04Z"
                + "&to=2026-11-22T01:00:40Z", null);
        assertEquals(200, r.statusCode());
        assertEquals("1", r.headers().firstValue("X-Recording-Gaps").orElseThrow());
        assertEquals("2026-11-22T01:00:06Z", r.headers().firstValue("X-Actual-End").orElseThrow());
    }

    @Test
    void noRecordingInRangeIsA404ProblemNamingCameraAndRange() throws Exception {
        HttpResponse<String> r = get("/api/v1/cameras/cam2/clip?from=2026-11-22T01:00:00Z&to=2026-11-22T01:00:10Z",
                null);
        assertEquals(404, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        String detail = new JsonObject(r.body()).getString("detail");
        assertTrue(detail.contains("cam2") && detail.contains("2026-11-22T01:00:00Z")
                && detail.contains("2026-11-22T01:00:10Z"), detail);
        assertEquals(404, get("/api/v1/cameras/nope/recordings?from=2026-11-22T01:00:00Z&to=2026-11-22T01:00:10Z",
                null).statusCode());
        assertEquals(400, get("/api/v1/cameras/cam1/clip?from=yesterday&to=2026-11-22T01:00:10Z", null)
                .statusCode());
        assertEquals(400, get("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:10Z&to=2026-11-22T01:00:00Z", null)
                .statusCode());
        assertEquals(400, get("/api/v1/cameras/cam1/clip?from=2026-11-22T01:00:00Z&to=2026-11-22T03:00:00Z", null)
                .statusCode());
    }

    private static HttpResponse<String> get(String path, String range) throws Exception {
        return http.send(request(path, range), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(String path, String range) throws Exception {
        return http.send(request(path, range), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest request(String path, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", TestUsers.bearer(token))
                .timeout(Duration.ofSeconds(30));
        if (range != null) {
            b.header("Range", range);
        }
        return b.build();
    }

    private static double probeDuration(Path file) throws Exception {
        return Double.parseDouble(run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=nw=1:nk=1", file.toString())).strip());
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }
}
