package vn.wardwatch.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.opencv.core.Mat;
import vn.wardwatch.analytics.counting.AnalyticsResult;
import vn.wardwatch.analytics.counting.CameraAnalytics;
import vn.wardwatch.analytics.counting.CountEvent;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.DetectionFilter;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.FrameDetector;
import vn.wardwatch.detect.MotionGate;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.plate.CameraPlates;
import vn.wardwatch.track.ByteTracker;
import vn.wardwatch.track.Track;
import vn.wardwatch.track.Tracker;

/**
 * The analysis of one camera, frame by frame: motion gate, detection, tracking, counting, and the hand-over of
 * vehicle crops to plate reading when it is on. Used by the live pipeline and by replay alike. Not thread-safe: one
 * thread per camera calls {@link #analyse}; the read methods ({@link #activeTracks()}, {@link #zoneOccupancy()})
 * and {@link #requestPlateRead} are safe from any thread.
 */
public final class CameraAnalysis implements AutoCloseable {

    /** Detections down to this score feed the tracker's second (low-score) pass; they never start tracks. */
    static final double LOW_SCORE = 0.1;

    private static final ByteTracker.Settings TRACKER_SETTINGS = ByteTracker.Settings.defaults();

    private final CameraConfig camera;
    private final FrameDetector detector;
    private final DetectionFilter filter;
    private final MotionGate motionGate;
    private final Tracker tracker;
    private final CameraAnalytics analytics;
    private final MinuteCounts minuteCounts;
    private final Consumer<CountEvent> countListener;
    private final CameraPlates plates;
    private final CameraViolations violations;
    /** Zone traffic state, levels and warnings (issue 6); null when the camera has none. */
    private final CameraTraffic traffic;
    /** The tracks after the last detected frame: still true on frames where nothing moved. */
    private List<Track> lastTracks = List.of();

    private final Timer motionTime;
    private final Timer detectTime;
    private final Timer trackTime;
    private final Timer countTime;
    private final Timer platesTime;
    private final Timer violationsTime;
    private final Timer trafficTime;
    private final Counter analysed;
    private final Counter motionless;
    private final MeterRegistry registry;
    private final AtomicInteger activeTracks = new AtomicInteger();
    private volatile Map<String, Map<ObjectClass, Integer>> zoneOccupancy = Map.of();
    private final Map<String, AtomicInteger> zoneGauges = new ConcurrentHashMap<>();

    /** Without plate reading (replay, bench, tests). */
    public CameraAnalysis(CameraConfig camera, Detector detector, double defaultThreshold, MeterRegistry registry,
                          MinuteCounts minuteCounts, Consumer<CountEvent> countListener) {
        this(camera, detector, defaultThreshold, registry, minuteCounts, countListener, null);
    }

    /** @param plates the camera's plate reading, or null when it is off; started and closed by the caller */
    public CameraAnalysis(CameraConfig camera, Detector detector, double defaultThreshold, MeterRegistry registry,
                          MinuteCounts minuteCounts, Consumer<CountEvent> countListener, CameraPlates plates) {
        this(camera, detector, defaultThreshold, registry, minuteCounts, countListener, plates, null);
    }

    /**
     * @param plates     the camera's plate reading, or null when it is off; started and closed by the caller
     * @param violations the camera's violation detection, or null when it is off
     */
    public CameraAnalysis(CameraConfig camera, Detector detector, double defaultThreshold, MeterRegistry registry,
                          MinuteCounts minuteCounts, Consumer<CountEvent> countListener, CameraPlates plates,
                          CameraViolations violations) {
        this(camera, detector, defaultThreshold, registry, minuteCounts, countListener, plates, violations, null);
    }

    /** @param traffic the camera's zone traffic state and warnings, or null when it has none */
    public CameraAnalysis(CameraConfig camera, Detector detector, double defaultThreshold, MeterRegistry registry,
                          MinuteCounts minuteCounts, Consumer<CountEvent> countListener, CameraPlates plates,
                          CameraViolations violations, CameraTraffic traffic) {
        this.traffic = traffic;
        this.camera = camera;
        this.detector = new FrameDetector(detector);
        this.filter = new DetectionFilter(camera.detect(), defaultThreshold);
        this.motionGate = camera.detect().motionGate() ? MotionGate.withDefaults() : null;
        // The tracker's "high" detections are those that pass the camera's thresholds (see forTracker).
        this.tracker = new ByteTracker(TRACKER_SETTINGS);
        this.analytics = new CameraAnalytics(camera);
        this.minuteCounts = minuteCounts;
        this.countListener = countListener;
        this.plates = plates;
        this.violations = violations;
        this.registry = registry;
        Tags tags = Tags.of(Meters.TAG_CAMERA, camera.id());
        this.motionTime = stageTimer(registry, tags, "motion");
        this.detectTime = stageTimer(registry, tags, "detect");
        this.trackTime = stageTimer(registry, tags, "track");
        this.countTime = stageTimer(registry, tags, "count");
        this.platesTime = stageTimer(registry, tags, "plates");
        this.violationsTime = stageTimer(registry, tags, "violations");
        this.trafficTime = stageTimer(registry, tags, "traffic");
        this.analysed = registry.counter(Meters.FRAMES_ANALYSED, tags);
        this.motionless = registry.counter(Meters.FRAMES_MOTIONLESS, tags);
        registry.gauge(Meters.TRACKS_ACTIVE, tags, activeTracks);
    }

    private static Timer stageTimer(MeterRegistry registry, Tags tags, String stage) {
        return Timer.builder(Meters.STAGE_TIME).tags(tags).tag(Meters.TAG_STAGE, stage).register(registry);
    }

    /** Analyses one frame; returns the crossings it produced (already added to the minute counts). */
    public List<CountEvent> analyse(Mat image, long streamMillis, Instant wallTime) {
        analysed.increment();
        if (motionGate != null) {
            long t0 = System.nanoTime();
            boolean detect = motionGate.shouldDetect(image, streamMillis);
            motionTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            if (!detect) {
                // Nothing moved: tracks and counts stay as they are, and the detector costs nothing. Rules still
                // see the frame: a parked car keeps parking, a signal keeps changing, the clip keeps recording.
                motionless.increment();
                checkViolations(image, lastTracks, List.of(), streamMillis, wallTime);
                updateTraffic(image, lastTracks, streamMillis, wallTime);
                return List.of();
            }
        }
        long t1 = System.nanoTime();
        List<Detection> detections = detector.detect(image, Math.min(LOW_SCORE, filter.lowestThreshold()));
        long t2 = System.nanoTime();
        detectTime.record(t2 - t1, TimeUnit.NANOSECONDS);

        List<Track> tracks = tracker.update(forTracker(detections), streamMillis);
        List<Long> removedIds = tracker.drainRemovedIds();
        analytics.forget(removedIds);
        long t3 = System.nanoTime();
        trackTime.record(t3 - t2, TimeUnit.NANOSECONDS);

        AnalyticsResult result = analytics.update(tracks, streamMillis, wallTime);
        for (CountEvent event : result.events()) {
            minuteCounts.add(event);
            registry.counter(Meters.COUNTS, Meters.TAG_CAMERA, camera.id(), Meters.TAG_LINE, event.lineId(),
                    Meters.TAG_CLASS, event.objectClass().wireName(), Meters.TAG_DIRECTION, event.direction())
                    .increment();
            countListener.accept(event);
        }
        activeTracks.set(tracks.size());
        zoneOccupancy = result.zoneOccupancy();
        updateZoneGauges(result.zoneOccupancy());
        long t4 = System.nanoTime();
        countTime.record(t4 - t3, TimeUnit.NANOSECONDS);
        if (plates != null) {
            plates.onFrame(image, tracks, removedIds, streamMillis, wallTime);
            platesTime.record(System.nanoTime() - t4, TimeUnit.NANOSECONDS);
        }
        lastTracks = tracks;
        checkViolations(image, tracks, removedIds, streamMillis, wallTime);
        updateTraffic(image, tracks, streamMillis, wallTime);
        return result.events();
    }

    /** Levels and warnings follow stream time, so they run on motionless frames too (a jam stands still). */
    private void updateTraffic(Mat image, List<Track> tracks, long streamMillis, Instant wallTime) {
        if (traffic != null) {
            long t0 = System.nanoTime();
            traffic.onFrame(image, tracks, streamMillis, wallTime);
            trafficTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /** The camera's zone traffic state, or null when it has none. */
    public CameraTraffic traffic() {
        return traffic;
    }

    private void checkViolations(Mat image, List<Track> tracks, List<Long> removedIds, long streamMillis,
                                 Instant wallTime) {
        if (violations != null) {
            long t0 = System.nanoTime();
            violations.onFrame(image, tracks, removedIds, streamMillis, wallTime);
            violationsTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Detections for the tracker (road users only): those the camera's per-class thresholds and masks accept are its high-score
     * set; weaker ones (down to {@link #LOW_SCORE}, outside masks) only keep existing tracks alive. The tracker
     * splits by one threshold, so scores are mapped piecewise-linearly to put each class's own threshold at the
     * tracker's high threshold while keeping the order of scores.
     */
    List<Detection> forTracker(List<Detection> detections) {
        double high = TRACKER_SETTINGS.highThreshold();
        List<Detection> out = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            // Traffic lights are street furniture, not road users: never tracked, counted or in a zone.
            if (d.objectClass() == ObjectClass.TRAFFIC_LIGHT || d.score() < LOW_SCORE || filter.isMasked(d)) {
                continue;
            }
            double threshold = filter.threshold(d.objectClass());
            double mapped = d.score() >= threshold
                    ? high + (d.score() - threshold) / Math.max(1e-9, 1 - threshold) * (1 - high)
                    : LOW_SCORE + (d.score() - LOW_SCORE) / (threshold - LOW_SCORE) * (high - LOW_SCORE) * 0.999;
            out.add(new Detection(d.objectClass(), mapped, d.box(), d.riders()));
        }
        return out;
    }

    private void updateZoneGauges(Map<String, Map<ObjectClass, Integer>> occupancy) {
        occupancy.forEach((zone, byClass) -> {
            for (ObjectClass c : ObjectClass.values()) {
                zoneGauges.computeIfAbsent(zone + "|" + c.wireName(), k -> registry.gauge(Meters.ZONE_OCCUPANCY,
                        Tags.of(Meters.TAG_CAMERA, camera.id(), Meters.TAG_ZONE, zone, Meters.TAG_CLASS, c.wireName()),
                        new AtomicInteger())).set(byClass.getOrDefault(c, 0));
            }
        });
    }

    /**
     * Reads the plate of a live track, for a violation rule; safe from any thread.
     *
     * @param reason stored with the plate, e.g. {@code red_light} (1 to 32 characters of a-z, 0-9 and _)
     * @return false when plate reading is off for this camera
     */
    public boolean requestPlateRead(long trackId, String reason) {
        if (plates == null) {
            return false;
        }
        plates.requestRead(trackId, reason);
        return true;
    }

    public int activeTracks() {
        return activeTracks.get();
    }

    public Map<String, Map<ObjectClass, Integer>> zoneOccupancy() {
        return zoneOccupancy;
    }

    public MinuteCounts minuteCounts() {
        return minuteCounts;
    }

    public CameraConfig camera() {
        return camera;
    }

    /** Hands violations still waiting for their clip to the recorder (end of stream, stop). */
    public void flushViolations() {
        if (violations != null) {
            violations.flush();
        }
    }

    /**
     * The analysis ended at {@code wallTime} (after its last frame, on its thread): the camera's open warnings are
     * cleared, since nothing would clear them later.
     *
     * @return how many were cleared
     */
    public int stopped(Instant wallTime) {
        return traffic == null ? 0 : traffic.stop(wallTime);
    }

    @Override
    public void close() {
        if (motionGate != null) {
            motionGate.close();
        }
    }

}
