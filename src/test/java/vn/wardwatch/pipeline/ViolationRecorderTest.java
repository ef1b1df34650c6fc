package vn.wardwatch.pipeline;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.wardwatch.recording.ClipExporter;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.StopLineConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.evidence.ClipEncoder;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.EvidenceWriteException;
import vn.wardwatch.evidence.FrameRing;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.evidence.RingFrame;
import vn.wardwatch.evidence.VerificationProblem;
import vn.wardwatch.evidence.VerificationResult;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.plate.SyntheticPlates;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.testsupport.PlateReaders;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.violation.GeometryHash;
import vn.wardwatch.violation.Moment;
import vn.wardwatch.violation.Violation;
import vn.wardwatch.violation.ViolationType;

/**
 * A red-light violation through the real recorder: real plate reader on a rendered plate, real ffmpeg clip, real
 * signed package, real H2 row; then verification, and one flipped byte per file type named by the verifier.
 */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class ViolationRecorderTest {

    @Parameter
    Kind kind;

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final BoundingBox CAR_AT_LINE = new BoundingBox(220, 230, 200, 150);

    @TempDir
    Path dir;
    private Database db;
    private JdbcViolationRepository repository;
    private ManifestSigner signer;
    private java.security.PublicKey publicKey;
    private final List<StoredViolation> announced = new ArrayList<>();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @BeforeEach
    void setUp() {
        db = TestDatabases.open(kind, dir);
        repository = new JdbcViolationRepository(db);
        var pair = ManifestSigner.generate();
        signer = new ManifestSigner(pair.getPrivate());
        publicKey = pair.getPublic();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static CameraConfig camera() {
        Polygon road = new Polygon(List.of(new Point(0, 100), new Point(640, 100), new Point(640, 480),
                new Point(0, 480)));
        GeometryConfig g = new GeometryConfig(List.of(), List.of(),
                List.of(LaneConfig.of("south", road, new Point(320, 100), new Point(320, 480), Set.of(), List.of())),
                List.of(new SignalHeadConfig("cam_sig", new BoundingBox(600, 10, 20, 50), true)),
                List.of(new StopLineConfig("stop", new LineSegment(new Point(0, 300), new Point(640, 300)), "cam_sig",
                        "south", "out")), List.of(), List.of());
        return new CameraConfig("cam", "Ngã tư thử", ZoneId.of("Asia/Ho_Chi_Minh"),
                new LocationConfig("1 Tràng Tiền, Hà Nội", 21.0245, 105.8561),
                new SourceConfig("x.mp4", "x.mp4", false, 10),
                new DetectConfig(640, 480, 5, Map.of(), List.of(), false, 4), g, PlateConfig.DISABLED,
                ViolationConfig.enabledWithDefaults());
    }

    /** 51 frames 200 ms apart; a car with a readable plate whose box is CAR_AT_LINE shifted by the frame. */
    static EvidenceJob job() {
        FrameRing ring = new FrameRing(20, 90);
        Mat plate = SyntheticPlates.plate(List.of("30A-339.18"), SyntheticPlates.WHITE, new Scalar(20, 20, 20));
        for (int i = 0; i <= 50; i++) {
            Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(90, 90, 90));
            Mat car = frame.submat(new Rect(240, 250 + (i - 25), 160, 120));
            car.setTo(new Scalar(40, 40, 160));
            Mat resized = new Mat();
            org.opencv.imgproc.Imgproc.resize(plate, resized, new org.opencv.core.Size(120, 30));
            resized.copyTo(frame.submat(new Rect(260, 320 + (i - 25), 120, 30)));
            ring.add(frame, i * 200L, T0.plusMillis(i * 200L));
            frame.release();
            resized.release();
        }
        plate.release();
        List<Moment> moments = List.of(new Moment("before", 4600, CAR_AT_LINE.scale(1, 1)),
                new Moment("on", 5000, CAR_AT_LINE), new Moment("past", 5400, CAR_AT_LINE));
        Violation v = new Violation(ViolationType.RED_LIGHT, 17, ObjectClass.CAR, "stop", "south", 5000,
                T0.plusMillis(5000), moments, new SignalState("cam_sig", SignalColour.RED, "image", 1000));
        Map<String, RingFrame> pictures = new LinkedHashMap<>();
        for (Moment m : moments) {
            pictures.put(m.label(), ring.nearest(m.streamMillis()).orElseThrow());
        }
        return new EvidenceJob(camera(), v, pictures, ring.between(0, 10_000),
                List.of(v.signal()), GeometryHash.of(camera().geometry()), System.nanoTime());
    }

    /** The shared real reader, not closed by the recorder (other tests use it too). */
    private static PlateReader sharedReader() {
        PlateReader real = PlateReaders.shared();
        return new PlateReader() {
            @Override
            public List<PlateRead> read(Mat frame, BoundingBox vehicle) {
                return real.read(frame, vehicle);
            }

            @Override
            public List<PlateRead> readImage(Mat image) {
                return real.readImage(image);
            }

            @Override
            public void close() {
            }
        };
    }

    private ViolationRecorder recorder(Path evidenceRoot) {
        return new ViolationRecorder(new EvidencePackageWriter(evidenceRoot, signer), evidenceRoot, repository,
                new ClipEncoder("ffmpeg", java.time.Duration.ofSeconds(60)), ViolationRecorderTest::sharedReader,
                List.of(new EvidenceManifest.Model("detector test", "sha256:0")), announced::add,
                new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @Test
    void aViolationBecomesAVerifiableSignedPackageAndARow() throws Exception {
        Path root = dir.resolve("evidence");
        ViolationRecorder recorder = recorder(root);
        StoredViolation row = recorder.record(job());
        recorder.close();

        Path pkg = root.resolve(row.packageDir());
        List<String> files;
        try (Stream<Path> s = Files.list(pkg)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("clip.mp4", "details.json", "manifest.json", "manifest.sig", "overview-1-before.jpg",
                "overview-2-on.jpg", "overview-3-past.jpg", "plate.jpg", "vehicle.jpg"), files);
        assertTrue(new EvidenceVerifier(publicKey).verify(pkg).ok());

        EvidenceManifest m = EvidenceManifest.fromJson(new JsonObject(Files.readString(pkg.resolve("manifest.json"))));
        assertEquals("RED_LIGHT", m.violationCode());
        assertEquals("cam", m.cameraId());
        assertEquals("1 Tràng Tiền, Hà Nội", m.address());
        assertEquals("red", m.signalState());
        assertEquals("image", m.signalSource());
        assertEquals("south", m.lane());
        assertEquals(GeometryHash.of(camera().geometry()), m.geometryHash());
        assertEquals("30A-339.18", m.plateText());
        assertEquals(T0.plusMillis(5000), m.utcTime());
        assertEquals("2026-11-22T08:00:05", m.localTime().toString());

        StoredViolation stored = repository.find(row.id()).orElseThrow();
        assertEquals(StoredViolation.NEW, stored.status());
        assertEquals("30A33918", stored.plateCharacters());
        assertEquals(List.of(row), announced);

        JsonObject details = new JsonObject(Files.readString(pkg.resolve("details.json")));
        assertEquals(3, details.getJsonArray("moments").size());
        assertEquals(4000, details.getJsonObject("signal").getLong("heldMillis"));
        assertEquals(51, details.getJsonObject("clip").getInteger("frames"));
        assertEquals("analysis_frames", details.getJsonObject("clip").getString("source"));
        assertEquals("analysis_frames", m.clipSource());
    }

    @Test
    void aRecordedCameraGetsItsClipCutFromTheOriginalRecordingAndTheDetailsSaySo() throws Exception {
        // The camera's recording: real 2 s MPEG-TS segments (ffmpeg's segment muxer) indexed from T0, as the
        // recorder leaves them.
        vn.wardwatch.testsupport.TestClip clip = vn.wardwatch.testsupport.TestClip.generate(dir, 12);
        Path recordings = dir.resolve("recordings");
        Path day = Files.createDirectories(recordings.resolve("cam/2026-11-22"));
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.mp4().toString(), "-c", "copy", "-f", "segment", "-segment_time", "2", "-reset_timestamps", "1",
                "-segment_format", "mpegts", day.resolve("seg-%d.ts").toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        JdbcRecordingRepository index = new JdbcRecordingRepository(db);
        for (int i = 0; i < 6; i++) {
            Path f = day.resolve("seg-" + i + ".ts");
            index.addSegment(new RecordedSegment(0, "cam", T0.plusSeconds(2L * i), T0.plusSeconds(2L * i + 2),
                    "cam/2026-11-22/seg-" + i + ".ts", Files.size(f), "0".repeat(64), false, false, false, 10.0,
                    10.0));
        }
        ClipExporter exporter = new ClipExporter(index, recordings, dir.resolve("tmp"), "ffmpeg", "ffprobe");
        Path root = dir.resolve("evidence-recorded");
        ViolationRecorder recorder = recorder(root);
        recorder.useRecordedClips((camera, from, to) -> {
            try {
                return Optional.of(exporter.export(camera, from, to, false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        StoredViolation row = recorder.record(job());
        recorder.close();

        Path pkg = root.resolve(row.packageDir());
        assertTrue(new EvidenceVerifier(publicKey).verify(pkg).ok());
        JsonObject clipDetails = new JsonObject(Files.readString(pkg.resolve("details.json"))).getJsonObject("clip");
        assertEquals("recording", clipDetails.getString("source"));
        assertEquals("recording", EvidenceManifest.fromJson(new JsonObject(Files.readString(
                pkg.resolve("manifest.json")))).clipSource());
        assertEquals(T0.toString(), clipDetails.getString("actualFrom"));
        assertEquals(T0.plusSeconds(10).toString(), clipDetails.getString("actualTo"));
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=nw=1:nk=1", pkg.resolve("clip.mp4").toString()).start();
        double seconds = Double.parseDouble(new String(probe.getInputStream().readAllBytes()).strip());
        assertEquals(10.0, seconds, 0.15);
    }

    @Test
    void oneFlippedByteOfEachFileTypeIsNamedByTheVerifier() throws Exception {
        Path root = dir.resolve("evidence");
        ViolationRecorder recorder = recorder(root);
        Path pkg = root.resolve(recorder.record(job()).packageDir());
        recorder.close();
        EvidenceVerifier verifier = new EvidenceVerifier(publicKey);
        for (String name : List.of("overview-2-on.jpg", "plate.jpg", "clip.mp4", "details.json", "manifest.json",
                "manifest.sig")) {
            Path file = pkg.resolve(name);
            byte[] original = Files.readAllBytes(file);
            byte[] changed = original.clone();
            int at = name.equals("manifest.sig") ? 5 : changed.length / 2;
            changed[at] ^= 0x01;
            Files.write(file, changed);
            VerificationResult r = verifier.verify(pkg);
            assertFalse(r.ok(), name);
            boolean named = r.problems().stream().anyMatch(p -> name.equals(p.file())
                    || (name.equals("manifest.sig") && p.kind() == VerificationProblem.Kind.BAD_SIGNATURE));
            assertTrue(named, name + ": " + r.problems());
            Files.write(file, original);
            assertTrue(verifier.verify(pkg).ok(), "restored " + name);
        }
    }

    @Test
    void anUnwritableEvidenceRootStoresNoRowAndSaysWhere() throws Exception {
        Path root = dir.resolve("evidence");
        Files.writeString(root, "a file where the evidence directory should be", StandardCharsets.UTF_8);
        ViolationRecorder recorder = recorder(root);
        EvidenceWriteException e = assertThrows(EvidenceWriteException.class, () -> recorder.record(job()));
        recorder.close();
        assertTrue(e.getMessage().contains("cam"), e.getMessage());
        assertEquals(List.of(), repository.list(new vn.wardwatch.storage.ViolationQuery(null, null, null, null, null,
                null, 10, null)));
        assertEquals(List.of(), announced);
    }

    @Test
    void evidenceBelowTheDiskReserveStoresNoRowAndNamesThePathAndFreeBytes() throws Exception {
        Path root = dir.resolve("evidence");
        EvidencePackageWriter writer = new EvidencePackageWriter(root, signer);
        // Issue 8: 100 bytes free, below a 500-byte evidence reserve.
        writer.guardSpace(new vn.wardwatch.disk.DiskGuard(dir, 1_000, 500, path -> 100));
        ViolationRecorder recorder = new ViolationRecorder(writer, root, repository,
                new ClipEncoder("ffmpeg", java.time.Duration.ofSeconds(60)), ViolationRecorderTest::sharedReader,
                List.of(new EvidenceManifest.Model("detector test", "sha256:0")), announced::add,
                new SimpleMeterRegistry(), Clock.systemUTC());
        EvidenceWriteException e = assertThrows(EvidenceWriteException.class, () -> recorder.record(job()));
        recorder.close();
        assertTrue(e.getMessage().contains(root.toString()) && e.getMessage().contains("only 100 bytes free"),
                e.getMessage());
        assertEquals(List.of(), repository.list(new vn.wardwatch.storage.ViolationQuery(null, null, null, null, null,
                null, 10, null)));
        assertEquals(List.of(), announced);
    }

    @Test
    void queuedJobsAreWrittenOnTheRecordersThread() throws IOException {
        ViolationRecorder recorder = recorder(dir.resolve("evidence"));
        assertTrue(recorder.submit(job()));
        recorder.close();
        assertEquals(1, announced.size());
        assertTrue(Files.isDirectory(dir.resolve("evidence").resolve(announced.get(0).packageDir())));
    }
}
