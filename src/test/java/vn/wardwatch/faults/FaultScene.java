package vn.wardwatch.faults;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
import vn.wardwatch.evidence.FrameRing;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.evidence.RingFrame;
import vn.wardwatch.pipeline.EvidenceJob;
import vn.wardwatch.pipeline.ViolationRecorder;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.ViolationRepository;
import vn.wardwatch.violation.GeometryHash;
import vn.wardwatch.violation.Moment;
import vn.wardwatch.violation.Violation;
import vn.wardwatch.violation.ViolationType;

/** Red-light violations with real pictures and a real clip, for the evidence fault tests (no plate reader). */
final class FaultScene {

    static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final BoundingBox CAR_AT_LINE = new BoundingBox(220, 230, 200, 150);

    private FaultScene() {
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

    /** Violation number {@code n}: its own track and time (so its own id), 51 frames 200 ms apart. */
    static EvidenceJob job(int n) {
        Instant start = T0.plusSeconds(60L * n);
        FrameRing ring = new FrameRing(20, 90);
        for (int i = 0; i <= 50; i++) {
            Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(90, 90, 90));
            frame.submat(new Rect(240, 250 + (i - 25), 160, 120)).setTo(new Scalar(40, 40, 160));
            ring.add(frame, i * 200L, start.plusMillis(i * 200L));
            frame.release();
        }
        List<Moment> moments = List.of(new Moment("before", 4600, CAR_AT_LINE), new Moment("on", 5000, CAR_AT_LINE),
                new Moment("past", 5400, CAR_AT_LINE));
        Violation v = new Violation(ViolationType.RED_LIGHT, 100 + n, ObjectClass.CAR, "stop", "south", 5000,
                start.plusMillis(5000), moments, new SignalState("cam_sig", SignalColour.RED, "image", 1000));
        Map<String, RingFrame> pictures = new LinkedHashMap<>();
        for (Moment m : moments) {
            pictures.put(m.label(), ring.nearest(m.streamMillis()).orElseThrow());
        }
        return new EvidenceJob(camera(), v, pictures, ring.between(0, 10_000), List.of(v.signal()),
                GeometryHash.of(camera().geometry()), System.nanoTime());
    }

    /** The production recorder over {@code evidenceRoot}: real writer, real ffmpeg clips, no plate reading. */
    static ViolationRecorder recorder(Path evidenceRoot, ManifestSigner signer, ViolationRepository repository,
                                      Consumer<StoredViolation> listener, MeterRegistry registry) {
        return new ViolationRecorder(new EvidencePackageWriter(evidenceRoot, signer), evidenceRoot, repository,
                new ClipEncoder("ffmpeg", Duration.ofSeconds(60)), null,
                List.of(new EvidenceManifest.Model("detector fault test", "sha256:0")), listener, registry,
                Clock.systemUTC());
    }

    static List<StoredViolation> all(ViolationRepository repository) {
        return repository.list(new ViolationQuery(null, null, null, null, null, null, 10_000, null));
    }
}
