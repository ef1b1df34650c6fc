package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.privacy.MaskingScene;
import vn.wardwatch.privacy.PrivacyMasker;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.testsupport.Detectors;
import vn.wardwatch.testsupport.PlateReaders;
import vn.wardwatch.testsupport.TestUsers;

/**
 * The real privacy masker behind the real API (issue 8), as {@code serve} wires it: an officer gets a violation's
 * picture as stored; a coordinator gets it with the plate unreadable to the real plate reader, made once and then
 * served from the masked-copy cache, and the clip as a playable MP4 with every frame; the stored originals are
 * never changed. The package holds real pedestrians (vtest.avi) with a drawn plate ({@link MaskingScene}).
 */
class MaskedEvidenceApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final String ID = "v-0001";
    private static final String PICTURE = "overview-1-on.jpg";
    private static final String CLIP = "clip.mp4";
    /** Clip length and rate: 10 frames, each looked at by the masker (it looks 10 times a second). */
    private static final int CLIP_SECONDS = 2;
    private static final int CLIP_FPS = 5;

    @TempDir
    static Path dir;
    private static Path packageDir;
    private static Map<String, String> originalHashes;
    private static Vertx vertx;
    private static Database database;
    private static PrivacyMasker masker;
    private static ApiServer server;
    private static String coordinator;
    private static String officer;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        MaskingScene.requireFile(MaskingScene.VTEST);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path evidence = dir.resolve("evidence");
        packageDir = Files.createDirectories(evidence.resolve("gate1/2026-11-22/" + ID));
        Mat scene = MaskingScene.picture(work, 3.0);
        assertTrue(Imgcodecs.imwrite(packageDir.resolve(PICTURE).toString(), scene));
        scene.release();
        Files.copy(MaskingScene.clip(work, CLIP_SECONDS, CLIP_FPS), packageDir.resolve(CLIP));
        Files.writeString(packageDir.resolve("details.json"), "{\"plate\": \"" + MaskingScene.PLATE_TEXT + "\"}");
        originalHashes = hashes();

        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        JdbcViolationRepository violations = new JdbcViolationRepository(database);
        violations.add(new StoredViolation(ID, "gate1", "RED_LIGHT", StoredViolation.NEW, T0, ZoneOffset.ofHours(7),
                1, "car", "stop", "north", "red", "image", "abc", MaskingScene.PLATE_TEXT, "30A33918", 0.9,
                evidence.relativize(packageDir).toString(), "00", T0));
        List<CameraStatus> cameras = List.of(new CameraStatus("gate1", "gate1", "rtsp://[::1]/gate1",
                "Asia/Ho_Chi_Minh", "online", T0, 10, 5, 100, 0, 0, T0, null, 0, List.of(), List.of(), Map.of()));
        ApiDependencies deps = new ApiDependencies(() -> cameras, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), new ApiDependencies.Violations(violations, evidence,
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), Map.of()));
        TestUsers users = new TestUsers(database);
        coordinator = users.token("coord-center", Role.COORDINATOR, Set.of("center"));
        officer = users.token(Role.OFFICER);
        masker = PrivacyMasker.standard(evidence, Detectors.centerNet448(), "ffmpeg");
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0),
                deps.withSecurity(users.security(Map.of("center", Set.of("gate1")), masker)))
                .await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
        masker.close();
        // Signed evidence is only read: whatever was served, the package is byte for byte what was stored.
        assertEquals(originalHashes, hashes());
    }

    @Test
    void officerGetsTheOriginalPictureAndClip() throws Exception {
        HttpResponse<byte[]> picture = file(PICTURE, officer);
        assertEquals("image/jpeg", picture.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(Files.readAllBytes(packageDir.resolve(PICTURE)), picture.body());
        assertArrayEquals(Files.readAllBytes(packageDir.resolve(CLIP)), file(CLIP, officer).body());
    }

    @Test
    void coordinatorGetsThePictureWithThePlateUnreadableMadeOnceThenFromTheCache() throws Exception {
        byte[] original = Files.readAllBytes(packageDir.resolve(PICTURE));
        assertTrue(plates(original).contains(MaskingScene.PLATE_TEXT), "the plate reader must read the original");
        long jobsBefore = masker.jobsRun();

        HttpResponse<byte[]> first = file(PICTURE, coordinator);
        assertEquals("image/jpeg", first.headers().firstValue("Content-Type").orElse(""));
        assertFalse(Arrays.equals(original, first.body()), "the coordinator got the original picture");
        List<String> read = plates(first.body());
        assertFalse(read.contains(MaskingScene.PLATE_TEXT), "plate readable in the coordinator's picture: " + read);
        assertEquals(jobsBefore + 1, masker.jobsRun(), "one masking job for the first request");
        assertEquals(originalHashes.get(PICTURE), sha256(packageDir.resolve(PICTURE)), "the original changed");

        HttpResponse<byte[]> second = file(PICTURE, coordinator);
        assertArrayEquals(first.body(), second.body());
        assertEquals(jobsBefore + 1, masker.jobsRun(), "the second request masked again instead of using the cache");
    }

    @Test
    void coordinatorGetsAPlayableMaskedClipWithEveryFrame() throws Exception {
        Path original = packageDir.resolve(CLIP);
        HttpResponse<byte[]> response = file(CLIP, coordinator);
        assertEquals("video/mp4", response.headers().firstValue("Content-Type").orElse(""));
        assertFalse(Arrays.equals(Files.readAllBytes(original), response.body()),
                "the coordinator got the original clip");
        Path served = Files.write(Files.createDirectories(dir.resolve("served")).resolve("coordinator.mp4"),
                response.body());
        double[] before = MaskingScene.framesAndDuration(original);
        double[] after = MaskingScene.framesAndDuration(served);
        assertEquals(CLIP_SECONDS * CLIP_FPS, before[0]);
        assertEquals(before[0], after[0], "frame count");
        assertEquals(before[1], after[1], 0.001, "duration in seconds");
        int middle = CLIP_SECONDS * CLIP_FPS / 2;
        Mat frameBefore = MaskingScene.frame(original, middle, dir.resolve("served"));
        Mat frameAfter = MaskingScene.frame(served, middle, dir.resolve("served"));
        assertTrue(texts(frameBefore).contains(MaskingScene.PLATE_TEXT), "plate unreadable in the original clip");
        assertFalse(texts(frameAfter).contains(MaskingScene.PLATE_TEXT), "plate readable in the coordinator's clip");
        frameBefore.release();
        frameAfter.release();
        assertEquals(originalHashes.get(CLIP), sha256(original), "the original changed");
    }

    @Test
    void violationJsonShowsTheCoordinatorAMaskedPlateAndTheOfficerTheReadOne() throws Exception {
        JsonObject forCoordinator = json(get("/api/v1/violations/" + ID, coordinator));
        JsonObject plate = forCoordinator.getJsonObject("plate");
        assertEquals("30*-***.**", plate.getString("text"));
        assertTrue(plate.getBoolean("masked"));
        assertFalse(forCoordinator.encode().contains("339"), forCoordinator.encode());
        JsonObject forOfficer = json(get("/api/v1/violations/" + ID, officer)).getJsonObject("plate");
        assertEquals(MaskingScene.PLATE_TEXT, forOfficer.getString("text"));
        assertFalse(forOfficer.getBoolean("masked"));
        assertEquals(403, get("/api/v1/violations/" + ID + "/files/details.json", coordinator).statusCode(),
                "the details carry the plate text");
    }

    /** A file of the violation, which must be served (200). */
    private static HttpResponse<byte[]> file(String name, String token) throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/violations/" + ID + "/files/" + name, token);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return r;
    }

    private static HttpResponse<byte[]> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    }

    /** What the real plate reader reads in a JPEG. */
    private static List<String> plates(byte[] jpeg) {
        MatOfByte bytes = new MatOfByte(jpeg);
        Mat picture = Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR);
        bytes.release();
        assertFalse(picture.empty(), "not a JPEG");
        try {
            return texts(picture);
        } finally {
            picture.release();
        }
    }

    private static List<String> texts(Mat picture) {
        return PlateReaders.shared().readImage(picture).stream().map(PlateRead::text).toList();
    }

    private static Map<String, String> hashes() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.list(packageDir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), sha256(f));
            }
        }
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
