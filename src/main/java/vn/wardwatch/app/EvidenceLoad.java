package vn.wardwatch.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.evidence.FrameRing;
import vn.wardwatch.evidence.RingFrame;
import vn.wardwatch.ingest.FfmpegFrameSource;
import vn.wardwatch.ingest.Frame;
import vn.wardwatch.pipeline.EvidenceJob;
import vn.wardwatch.pipeline.ViolationRecorder;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.violation.Moment;
import vn.wardwatch.violation.Violation;
import vn.wardwatch.violation.ViolationType;

/**
 * Evidence load for the benchmark: red-light violations whose evidence holds a 10 s 720p clip (real frames of the
 * bench clip at 5 fps), written by the running system's recorder at a steady rate while its cameras run, each timed
 * from its complete job to its committed row.
 */
final class EvidenceLoad {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final double FPS = 5;
    static final double CLIP_SECONDS = 10;

    private final CameraConfig camera;
    private final List<RingFrame> clip;
    private final List<Double> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private Thread thread;
    private volatile boolean running;

    private EvidenceLoad(CameraConfig camera, List<RingFrame> clip) {
        this.camera = camera;
        this.clip = clip;
    }

    /** Decodes the first {@link #CLIP_SECONDS} of {@code video} at 1280x720, 5 fps. */
    static EvidenceLoad prepare(Path video) throws IOException {
        String file = video.toString();
        CameraConfig camera = new CameraConfig("evidence_bench", "evidence bench", ZoneId.of("Asia/Ho_Chi_Minh"),
                new LocationConfig("benchmark", null, null), new SourceConfig(file, file, false, 10),
                new DetectConfig(WIDTH, HEIGHT, FPS, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of()), PlateConfig.DISABLED, ViolationConfig.enabledWithDefaults());
        FrameRing ring = new FrameRing(CLIP_SECONDS + 1, 90);
        try (FfmpegFrameSource source = new FfmpegFrameSource(camera.id(), camera.source(), camera.detect())) {
            for (Frame next = source.read(); next != null; next = source.read()) {
                try (Frame frame = next) {
                    if (frame.streamMillis() > CLIP_SECONDS * 1000) {
                        break;
                    }
                    ring.add(frame.image(), frame.streamMillis(), frame.wallTime());
                }
            }
        }
        List<RingFrame> frames = ring.between(0, Math.round(CLIP_SECONDS * 1000));
        if (frames.size() < CLIP_SECONDS * FPS * 0.9) {
            throw new IOException(video + " gave only " + frames.size() + " frames for a " + CLIP_SECONDS
                    + " s clip");
        }
        return new EvidenceLoad(camera, frames);
    }

    /** Records one violation every {@code everySeconds} on its own thread until {@link #stop()}. */
    void start(ViolationRecorder recorder, double everySeconds) {
        running = true;
        thread = new Thread(() -> {
            long next = System.nanoTime();
            for (long track = 1; running; track++) {
                EvidenceJob job = job(track);
                long t0 = System.nanoTime();
                try {
                    recorder.record(job);
                    latenciesMillis.add((System.nanoTime() - t0) / 1e6);
                } catch (Exception e) {
                    failures.add(e.getMessage());
                }
                next += Math.round(everySeconds * 1e9);
                // Short naps, so that stop() is answered within 50 ms of the last package.
                while (running && System.nanoTime() < next) {
                    try {
                        Thread.sleep(Math.min(50, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "evidence-load");
        thread.start();
    }

    /** Stops the load once the package being written is done; the latency of every job recorded, in ms. */
    List<Double> stop() throws InterruptedException {
        running = false;
        thread.join();
        return List.copyOf(latenciesMillis);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** A red-light violation in the middle of the clip: pictures 0.4 s apart, a car-sized box mid-frame. */
    private EvidenceJob job(long track) {
        RingFrame on = clip.get(clip.size() / 2);
        RingFrame before = clip.get(clip.size() / 2 - 2);
        RingFrame past = clip.get(clip.size() / 2 + 2);
        BoundingBox box = new BoundingBox(WIDTH * 0.4, HEIGHT * 0.45, WIDTH * 0.2, HEIGHT * 0.25);
        List<Moment> moments = List.of(new Moment("before", before.streamMillis(), box),
                new Moment("on", on.streamMillis(), box), new Moment("past", past.streamMillis(), box));
        SignalState red = new SignalState("bench_signal", SignalColour.RED, SignalState.FROM_IMAGE, 0);
        Violation v = new Violation(ViolationType.RED_LIGHT, track, ObjectClass.CAR, "stop", null,
                on.streamMillis(), Instant.now(), moments, red);
        Map<String, RingFrame> pictures = new LinkedHashMap<>();
        pictures.put("before", before);
        pictures.put("on", on);
        pictures.put("past", past);
        return new EvidenceJob(camera, v, pictures, clip, List.of(red), "bench", System.nanoTime());
    }
}
