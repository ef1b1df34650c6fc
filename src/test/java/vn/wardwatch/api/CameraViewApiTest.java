package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.NoStoppingZoneConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.RestrictedZoneConfig;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.StopLineConfig;
import vn.wardwatch.config.TimeWindow;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.ingest.LatestFrame;
import vn.wardwatch.privacy.PrivacyMasker;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.util.OpenCv;

/**
 * The console's camera view (issue 9): a camera's geometry, from a configuration built here, and its latest frame
 * (plain, scaled, and masked for a coordinator by the real {@link PrivacyMasker} with a region finder that knows
 * where the "plate" is), over the real server with real users and camera groups. {@link Cameras} is the seam {@code pipeline.PipelineStatus} implements from the
 * running pipelines.
 */
class CameraViewApiTest {

    static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static Database database;
    static ApiServer server;
    /** The same, with a privacy masker: coordinators get masked frames. */
    static ApiServer masking;
    /** Where gate1's frame has a high-contrast "plate" that the masker's region finder reports. */
    static final Rect PLATE = new Rect(100, 100, 200, 100);
    static TestUsers users;
    static String admin;
    static String centerCoordinator;
    static String northOfficer;
    static final Cameras CAMERAS = new Cameras();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Running cameras as the API sees them: configurations and latest frames. */
    static final class Cameras implements CameraStatusSource {
        final Map<String, CameraConfig> configs = Map.of("gate1", camera("gate1"), "gate2", camera("gate2"));
        final Map<String, LatestFrame> frames = Map.of("gate1", new LatestFrame(), "gate2", new LatestFrame());

        @Override
        public List<CameraStatus> cameras() {
            return configs.keySet().stream().sorted().map(id -> new CameraStatus(id, id, "rtsp://[::1]/" + id,
                    "Asia/Ho_Chi_Minh", "online", T0, 10, 5, 100, 0, 0, T0, null, 0, List.of(), List.of(),
                    Map.of())).toList();
        }

        @Override
        public Optional<CameraConfig> config(String cameraId) {
            return Optional.ofNullable(configs.get(cameraId));
        }

        @Override
        public Optional<LatestFrame> latestFrame(String cameraId) {
            return Optional.ofNullable(frames.get(cameraId));
        }
    }

    static CameraConfig camera(String id) {
        Polygon road = new Polygon(List.of(new Point(0, 100), new Point(640, 100), new Point(640, 480),
                new Point(0, 480)));
        Polygon kerb = new Polygon(List.of(new Point(500, 200), new Point(640, 200), new Point(640, 300),
                new Point(500, 300)));
        GeometryConfig g = new GeometryConfig(
                List.of(new LineConfig("l1", new LineSegment(new Point(0, 240), new Point(640, 240.25)),
                        Set.of("out", "in"), Set.of(ObjectClass.CAR, ObjectClass.BUS))),
                List.of(new ZoneConfig("z1", road, Set.of())),
                List.of(LaneConfig.of("south", road, new Point(320, 100), new Point(320, 480),
                        Set.of(ObjectClass.CAR), List.of(new TimeWindow(LocalTime.of(7, 0), LocalTime.of(9, 0))))),
                List.of(new SignalHeadConfig(id + "_sig", new BoundingBox(600, 10, 20, 50), true)),
                List.of(new StopLineConfig("stop", new LineSegment(new Point(0, 300), new Point(640, 300)),
                        id + "_sig", "south", "out")),
                List.of(new NoStoppingZoneConfig("kerb", kerb, 30, Set.of())),
                List.of(new RestrictedZoneConfig("market", kerb, Set.of(ObjectClass.TRUCK), List.of())));
        return new CameraConfig(id, "Gate " + id, ZoneId.of("Asia/Ho_Chi_Minh"),
                new LocationConfig("1 Tràng Tiền, Hà Nội", 21.0245, 105.8561),
                new SourceConfig("x.mp4", "x.mp4", false, 10),
                new DetectConfig(640, 480, 5, Map.of(), List.of(), false, 4), g, PlateConfig.DISABLED,
                ViolationConfig.enabledWithDefaults());
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        ApiDependencies deps = new ApiDependencies(CAMERAS, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC());
        users = new TestUsers(database);
        admin = users.token(Role.ADMIN);
        centerCoordinator = users.token("coord-center", Role.COORDINATOR, Set.of("center"));
        northOfficer = users.token("officer-north", Role.OFFICER, Set.of("north"));
        Map<String, Set<String>> groups = Map.of("center", Set.of("gate1"), "north", Set.of("gate2"));
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps.withSecurity(users.security(groups,
                null))).await(20, TimeUnit.SECONDS);
        PrivacyMasker masker = new PrivacyMasker(java.nio.file.Files.createDirectories(dir.resolve("evidence")),
                bgr -> List.of(new BoundingBox(PLATE.x, PLATE.y, PLATE.width, PLATE.height)), null,
                java.time.Duration.ofSeconds(5));
        masking = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps.withSecurity(users.security(groups,
                masker))).await(20, TimeUnit.SECONDS);
        OpenCv.load();
        // gate1 has analysed a frame; gate2 has not yet.
        Mat frame = plateFrame();
        CAMERAS.frames.get("gate1").update(frame, T0);
        frame.release();
    }

    /** A 640x480 grey frame with a black and white checkerboard "plate" at {@link #PLATE}. */
    static Mat plateFrame() {
        Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(128, 128, 128));
        frame.submat(PLATE).setTo(new Scalar(0, 0, 0));
        for (int y = 0; y < PLATE.height; y += 10) {
            for (int x = (y / 10) % 2 * 10; x < PLATE.width; x += 20) {
                frame.submat(new Rect(PLATE.x + x, PLATE.y + y, 10, 10)).setTo(new Scalar(255, 255, 255));
            }
        }
        return frame;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        masking.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
        CAMERAS.frames.values().forEach(LatestFrame::close);
    }

    static HttpResponse<byte[]> get(String path, String token) throws Exception {
        return get(server, path, token);
    }

    static HttpResponse<byte[]> get(ApiServer to, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .header("Authorization", TestUsers.bearer(token)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void geometryIsTheConfigurationInFramePixels() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/cameras/gate1/geometry", admin);
        assertEquals(200, r.statusCode(), text(r));
        JsonObject g = new JsonObject(text(r));
        assertEquals("gate1", g.getString("camera"));
        assertEquals(640, g.getInteger("width"));
        assertEquals(480, g.getInteger("height"));
        assertEquals(new JsonObject("{\"id\":\"l1\",\"points\":[[0.0,240.0],[640.0,240.3]],"
                + "\"directions\":[\"in\",\"out\"],\"classes\":[\"bus\",\"car\"]}"), g.getJsonArray("lines")
                .getJsonObject(0));
        assertEquals(new JsonArray("[[0.0,100.0],[640.0,100.0],[640.0,480.0],[0.0,480.0]]"),
                g.getJsonArray("zones").getJsonObject(0).getJsonArray("polygon"));
        assertEquals(new JsonArray(), g.getJsonArray("zones").getJsonObject(0).getJsonArray("classes"));
        JsonObject lane = g.getJsonArray("lanes").getJsonObject(0);
        assertEquals("south", lane.getString("id"));
        // From the middle of the lane, straight down (the configured direction), half the shorter side long.
        assertEquals(new JsonArray("[[320.0,290.0],[320.0,480.0]]"), lane.getJsonArray("direction"));
        assertEquals(new JsonArray("[\"car\"]"), lane.getJsonArray("allowedClasses"));
        assertEquals(new JsonArray("[\"07:00-09:00\"]"), lane.getJsonArray("hours"));
        assertEquals(new JsonObject("{\"id\":\"stop\",\"points\":[[0.0,300.0],[640.0,300.0]],"
                + "\"signalHead\":\"gate1_sig\",\"lane\":\"south\",\"through\":\"out\"}"),
                g.getJsonArray("stopLines").getJsonObject(0));
        assertEquals(new JsonObject("{\"id\":\"gate1_sig\",\"region\":[600.0,10.0,20.0,50.0],"
                + "\"source\":\"image\"}"), g.getJsonArray("signalHeads").getJsonObject(0));
        JsonObject kerb = g.getJsonArray("noStoppingZones").getJsonObject(0);
        assertEquals("kerb", kerb.getString("id"));
        assertEquals(30.0, kerb.getDouble("maxDwellSeconds"));
        assertEquals(4, kerb.getJsonArray("polygon").size());
        JsonObject market = g.getJsonArray("restrictedZones").getJsonObject(0);
        assertEquals(new JsonArray("[\"truck\"]"), market.getJsonArray("bannedClasses"));
        assertEquals(new JsonArray(), market.getJsonArray("hours"));
    }

    @Test
    void geometryFollowsCameraGroups() throws Exception {
        assertEquals(200, get("/api/v1/cameras/gate1/geometry", centerCoordinator).statusCode());
        HttpResponse<byte[]> other = get("/api/v1/cameras/gate2/geometry", centerCoordinator);
        assertEquals(404, other.statusCode());
        assertEquals(404, get("/api/v1/cameras/gate1/geometry", northOfficer).statusCode());
        assertEquals(200, get("/api/v1/cameras/gate2/geometry", northOfficer).statusCode());
        HttpResponse<byte[]> unknown = get("/api/v1/cameras/nope/geometry", admin);
        assertEquals(404, unknown.statusCode());
        assertEquals("no camera with id 'nope'", new JsonObject(text(unknown)).getString("detail"));
        assertEquals(403, get("/api/v1/cameras/gate1/geometry", users.token(Role.IOC)).statusCode());
    }

    /** The picture of a JPEG answer, checked to be one. */
    static Mat picture(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode(), text(r));
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(null));
        assertEquals("private, no-store", r.headers().firstValue("Cache-Control").orElse(null));
        Mat image = Imgcodecs.imdecode(new MatOfByte(r.body()), Imgcodecs.IMREAD_COLOR);
        assertTrue(!image.empty(), "a decodable JPEG of " + r.body().length + " bytes");
        return image;
    }

    /** Standard deviation of the grey levels inside {@code r}: high for the checkerboard, low once blurred. */
    static double contrast(Mat image, Rect r) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        Core.meanStdDev(image.submat(r), mean, std);
        return std.toArray()[0];
    }

    @Test
    void frameIsTheLatestAnalysedFrameAtAnalysisSizeOrScaledDown() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/cameras/gate1/frame", admin);
        Mat full = picture(r);
        assertEquals(640, full.cols());
        assertEquals(480, full.rows());
        assertEquals(T0.toString(), r.headers().firstValue("X-Frame-Time").orElse(null));
        assertTrue(contrast(full, PLATE) > 100, "the plate is sharp for an admin: " + contrast(full, PLATE));
        Mat thumb = picture(get("/api/v1/cameras/gate1/frame?width=320", admin));
        assertEquals(320, thumb.cols());
        assertEquals(240, thumb.rows());
        assertEquals(400, get("/api/v1/cameras/gate1/frame?width=1281", admin).statusCode());
        assertEquals(400, get("/api/v1/cameras/gate1/frame?width=8", admin).statusCode());
        full.release();
        thumb.release();
    }

    @Test
    void noFrameYetOrAnotherGroupsCameraIsNotFound() throws Exception {
        HttpResponse<byte[]> none = get("/api/v1/cameras/gate2/frame", admin);
        assertEquals(404, none.statusCode());
        assertEquals("camera 'gate2' has no analysed frame yet", new JsonObject(text(none)).getString("detail"));
        assertEquals(404, get("/api/v1/cameras/nope/frame", admin).statusCode());
        assertEquals(404, get("/api/v1/cameras/gate1/frame", northOfficer).statusCode());
        assertEquals(404, get(masking, "/api/v1/cameras/gate2/frame", centerCoordinator).statusCode());
        assertEquals(403, get("/api/v1/cameras/gate1/frame", users.token(Role.IOC)).statusCode());
    }

    @Test
    void coordinatorGetsTheFrameMaskedOrNotAtAll() throws Exception {
        HttpResponse<byte[]> refused = get("/api/v1/cameras/gate1/frame", centerCoordinator);
        assertEquals(403, refused.statusCode(), "no masker on this server: " + text(refused));
        Mat masked = picture(get(masking, "/api/v1/cameras/gate1/frame", centerCoordinator));
        assertTrue(contrast(masked, PLATE) < 40, "the plate is blurred: " + contrast(masked, PLATE));
        Mat officer = picture(get(masking, "/api/v1/cameras/gate1/frame", users.token(Role.OFFICER)));
        assertTrue(contrast(officer, PLATE) > 100, "an officer's frame is not masked");
        // The held frame itself is untouched by masking a copy.
        Mat again = picture(get("/api/v1/cameras/gate1/frame", admin));
        assertTrue(contrast(again, PLATE) > 100, "the latest frame is unchanged: " + contrast(again, PLATE));
        masked.release();
        officer.release();
        again.release();
    }
}
