package vn.wardwatch.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.ingest.CameraHealth;
import vn.wardwatch.ingest.CameraWorker;
import vn.wardwatch.ingest.CameraState;
import vn.wardwatch.ingest.Frame;
import vn.wardwatch.ingest.FrameQueue;
import vn.wardwatch.ingest.LatestFrame;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.plate.CameraPlates;
import vn.wardwatch.storage.CameraStateRepository;

/**
 * One live camera: its ingest worker (ffmpeg, watchdog) fills a bounded queue; an analysis thread takes frames
 * from it through {@link CameraAnalysis}. The two threads are the camera's own, so a slow or dead camera never
 * holds up another.
 */
public final class CameraPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(CameraPipeline.class);

    private final CameraConfig camera;
    private final FrameQueue queue;
    private final CameraHealth health;
    private final CameraWorker worker;
    private final CameraAnalysis analysis;
    private final CameraPlates plates;
    private final MinuteCounts minuteCounts = new MinuteCounts();
    /** The last analysed frame, for the console's live picture (issue 9). */
    private final LatestFrame latestFrame = new LatestFrame();
    private final ZoneOffset zoneOffset;
    private final Clock clock;
    private final Timer latency;
    private final Thread analysisThread;
    private volatile boolean running;

    /**
     * @param plates     the camera's plate reading, or null when it is off; owned (started, closed) by the pipeline
     * @param violations the camera's violation detection, or null when it is off
     */
    public CameraPipeline(CameraConfig camera, Detector detector, double defaultThreshold, MeterRegistry registry,
                          CameraStateRepository stateHistory, EventBusPublisher publisher, Clock clock,
                          CameraPlates plates, CameraViolations violations) {
        this(camera, detector, defaultThreshold, registry, stateHistory, publisher, clock, plates, violations, null);
    }

    /** @param traffic the camera's zone traffic state and warnings (issue 6), or null when it has none */
    public CameraPipeline(CameraConfig camera, Detector detector, double defaultThreshold, MeterRegistry registry,
                          CameraStateRepository stateHistory, EventBusPublisher publisher, Clock clock,
                          CameraPlates plates, CameraViolations violations, CameraTraffic traffic) {
        this.camera = camera;
        this.plates = plates;
        this.clock = clock;
        this.zoneOffset = camera.timezone().getRules().getOffset(clock.instant());
        Tags tags = Tags.of(Meters.TAG_CAMERA, camera.id());
        this.queue = new FrameQueue(camera.detect().queueSize());
        this.health = new CameraHealth(camera.id());
        // Runs on the camera's ingest thread; one small insert per state change.
        this.health.addListener(snapshot -> {
            String state = stateName(snapshot.state());
            String detail = snapshot.state() == CameraState.ONLINE ? null : snapshot.lastError();
            try {
                stateHistory.record(camera.id(), state, snapshot.since(), zoneOffset, detail);
            } catch (RuntimeException e) {
                LOG.warn("camera {}: could not store state change: {}", camera.id(), e.getMessage());
            }
            publisher.cameraState(camera.id(), state, detail);
        });
        this.worker = CameraWorker.forCamera(camera, queue, health);
        this.analysis = new CameraAnalysis(camera, detector, defaultThreshold, registry, minuteCounts,
                publisher::count, plates, violations, traffic);
        this.latency = Timer.builder(Meters.FRAME_LATENCY).tags(tags).publishPercentiles(0.5, 0.95, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
        registry.gauge(Meters.QUEUE_DEPTH, tags, queue, FrameQueue::size);
        registry.more().counter(Meters.FRAMES_IN, tags, health, h -> h.snapshot().framesIn());
        registry.more().counter(Meters.FRAMES_DROPPED, tags, queue, FrameQueue::drops);
        registry.more().counter(Meters.CAMERA_RECONNECTS, tags, health, h -> h.snapshot().reconnects());
        registry.gauge(Meters.CAMERA_ONLINE, tags, health,
                h -> h.state() == CameraState.ONLINE ? 1 : 0);
        this.analysisThread = new Thread(this::analyseLoop, "analyse-" + camera.id());
        this.analysisThread.setDaemon(true);
    }

    public void start() {
        running = true;
        if (plates != null) {
            plates.start();
        }
        analysisThread.start();
        worker.start();
        LOG.info("camera {} ({}) started from {}", camera.id(), camera.name(), camera.source().redactedUrl());
    }

    private void analyseLoop() {
        try {
            while (running) {
                Frame frame;
                try {
                    frame = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (frame == null) {
                    continue;
                }
                try (frame) {
                    analysis.analyse(frame.image(), frame.streamMillis(), frame.wallTime());
                    latestFrame.update(frame.image(), frame.wallTime());
                    health.recordAnalysed();
                    latency.record(Duration.between(frame.wallTime(), clock.instant()));
                } catch (RuntimeException e) {
                    // A bad frame or a detector hiccup costs one frame, not the camera.
                    LOG.warn("camera {}: frame {} could not be analysed: {}", camera.id(), frame.sequence(),
                            e.toString());
                }
            }
        } finally {
            // On this thread (the warning watches are not thread-safe), before stop()'s join returns: the clears
            // are queued before the warning recorder closes.
            int cleared = analysis.stopped(clock.instant());
            if (cleared > 0) {
                LOG.info("camera {}: {} open warning(s) cleared (analysis stopped)", camera.id(), cleared);
            }
        }
    }

    /**
     * Stops ingest and analysis (the ffmpeg child included), then plate reading, which still reads and stores what
     * it has collected; safe to call twice.
     */
    public void stop() {
        running = false;
        worker.stop();
        analysisThread.interrupt();
        try {
            analysisThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        analysis.flushViolations();
        if (plates != null) {
            plates.close();
        }
    }

    /** Frees the analysis' native buffers; call after {@link #stop()}. */
    public void closeAnalysis() {
        analysis.close();
        latestFrame.close();
    }

    /** The last analysed frame (none before the first). */
    public LatestFrame latestFrame() {
        return latestFrame;
    }

    public MinuteCounts minuteCounts() {
        return minuteCounts;
    }

    public ZoneOffset zoneOffset() {
        return zoneOffset;
    }

    public CameraConfig camera() {
        return camera;
    }

    /** The camera's zone traffic state, or null when it has none. */
    public CameraTraffic traffic() {
        return analysis.traffic();
    }

    /** Tracks alive after the last analysed frame (events-mode recording polls it). */
    public int activeTracks() {
        return analysis.activeTracks();
    }

    /** The camera's state name (starting, online, stalled, offline). */
    public String state() {
        return stateName(health.state());
    }

    public CameraStatus status() {
        CameraHealth.Snapshot h = health.snapshot();
        List<CameraStatus.LineCount> totals = new ArrayList<>();
        minuteCounts.totals().forEach((key, count) -> totals.add(new CameraStatus.LineCount(key.lineId(),
                key.objectClass().wireName(), key.direction(), count)));
        totals.sort(LINE_COUNT_ORDER);
        Instant minuteStart = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<CameraStatus.LineCount> currentMinute = new ArrayList<>();
        for (CountBucket b : minuteCounts.openBuckets()) {
            if (b.minuteStart().equals(minuteStart)) {
                currentMinute.add(new CameraStatus.LineCount(b.lineId(), b.objectClass().wireName(), b.direction(),
                        b.count()));
            }
        }
        currentMinute.sort(LINE_COUNT_ORDER);
        Map<String, Map<String, Integer>> zones = new TreeMap<>();
        analysis.zoneOccupancy().forEach((zone, byClass) -> {
            Map<String, Integer> m = new TreeMap<>();
            for (Map.Entry<ObjectClass, Integer> e : byClass.entrySet()) {
                m.put(e.getKey().wireName(), e.getValue());
            }
            zones.put(zone, m);
        });
        return new CameraStatus(camera.id(), camera.name(), camera.source().redactedUrl(),
                camera.timezone().getId(), stateName(h.state()), h.since(),
                h.fpsIn(), h.fpsAnalysed(), h.framesIn(), queue.drops(), h.reconnects(), h.lastFrameAt(),
                h.lastError(), analysis.activeTracks(), totals, currentMinute, zones);
    }

    private static String stateName(CameraState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static final Comparator<CameraStatus.LineCount> LINE_COUNT_ORDER =
            Comparator.comparing(CameraStatus.LineCount::line)
                    .thenComparing(CameraStatus.LineCount::objectClass)
                    .thenComparing(CameraStatus.LineCount::direction);
}
