package vn.wardwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.evidence.ClipEncoder;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.track.Track;
import vn.wardwatch.util.OpenCv;

/**
 * One camera's violation wiring with the real recorder: a violation waits for the clip's seconds after it, its
 * plate is asked for, and a stream restart hands over what is waiting instead of losing it.
 */
class CameraViolationsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** A car driving up the picture (against the south-bound lane of the recorder test's camera), 200 ms frames. */
    private static Track wrongWay(int frame, long millis) {
        double y = 450 - frame * 20;
        return new Track(5, ObjectClass.CAR, 0.9, new BoundingBox(300, y - 60, 80, 60), 0, 0, false, 0, -100, false,
                true, 10, 0, millis);
    }

    @Test
    void aViolationWaitsForItsClipThenIsRecordedAndAStreamRestartDoesNotLoseOne() throws Exception {
        CameraConfig camera = ViolationRecorderTest.camera(); // clip 5 s before and after
        List<String> plateRequests = new ArrayList<>();
        List<StoredViolation> stored = new ArrayList<>();
        var keys = ManifestSigner.generate();
        try (Database db = Database.open(dir.resolve("ww"))) {
            ViolationRecorder recorder = new ViolationRecorder(new EvidencePackageWriter(dir.resolve("ev"),
                    new ManifestSigner(keys.getPrivate())), dir.resolve("ev"), new JdbcViolationRepository(db),
                    new ClipEncoder("ffmpeg", Duration.ofSeconds(60)), null,
                    List.of(new EvidenceManifest.Model("m", "1")), stored::add, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            CameraViolations violations = new CameraViolations(camera,
                    new SignalBoard(camera.id(), camera.geometry().signalHeads()), recorder,
                    (track, reason) -> plateRequests.add(track + ":" + reason), new SimpleMeterRegistry());
            Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(80, 80, 80));
            long violationAt = -1;
            for (int i = 0; i < 20; i++) {
                long t = i * 200L;
                if (!violations.onFrame(frame, List.of(wrongWay(i, t)), List.of(), t, T0.plusMillis(t)).isEmpty()) {
                    violationAt = t;
                }
            }
            assertTrue(violationAt > 0, "the wrong-way drive is found");
            assertEquals(List.of("5:wrong_way"), plateRequests);
            // Not yet handed over: 5 s of clip after it have not arrived.
            recorder.close(0);
            assertEquals(List.of(), stored);

            ViolationRecorder second = new ViolationRecorder(new EvidencePackageWriter(dir.resolve("ev"),
                    new ManifestSigner(keys.getPrivate())), dir.resolve("ev"), new JdbcViolationRepository(db),
                    new ClipEncoder("ffmpeg", Duration.ofSeconds(60)), null,
                    List.of(new EvidenceManifest.Model("m", "1")), stored::add, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            CameraViolations again = new CameraViolations(camera,
                    new SignalBoard(camera.id(), camera.geometry().signalHeads()), second, null,
                    new SimpleMeterRegistry());
            for (int i = 0; i < 20; i++) {
                again.onFrame(frame, List.of(wrongWay(i, i * 200L)), List.of(), i * 200L, T0.plusMillis(i * 200L));
            }
            // The camera reconnects: its stream time starts again at 0.
            again.onFrame(frame, List.of(), List.of(), 0, T0.plusSeconds(30));
            second.close();
            frame.release();
            assertEquals(1, stored.size());
            Path pkg = dir.resolve("ev").resolve(stored.get(0).packageDir());
            JsonObject details = new JsonObject(Files.readString(pkg.resolve("details.json")));
            assertEquals(violationAt, details.getLong("streamMillis"));
            assertTrue(details.getJsonObject("clip").getLong("toStreamMillis") >= violationAt,
                    "the clip reaches the violation: " + details.getJsonObject("clip"));
        }
    }
}
