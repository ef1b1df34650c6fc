package vn.wardwatch.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.evidence.FrameRing;
import vn.wardwatch.evidence.RingFrame;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.track.Track;
import vn.wardwatch.violation.CameraRules;
import vn.wardwatch.violation.GeometryHash;
import vn.wardwatch.violation.Moment;
import vn.wardwatch.violation.RuleFrame;
import vn.wardwatch.violation.Violation;

/**
 * One camera's violation detection: every analysed frame goes into its frame ring (for clips) and past its signal
 * heads; the rules run over the tracks; a violation waits until the ring holds the clip's seconds after it, then its
 * pictures and clip are copied out and handed to the {@link ViolationRecorder}. Each violating track also gets its
 * plate read for the plate index (the evidence reads its own from the violation's pictures).
 *
 * <p>Not thread-safe: driven by the camera's analysis thread; {@link #signals()} is safe from any thread.
 */
public final class CameraViolations {

    private static final Logger LOG = LoggerFactory.getLogger(CameraViolations.class);
    private static final int JPEG_QUALITY = 90;
    /** The ring holds this much more than the clip needs, for the "before" picture of a slow vehicle. */
    private static final double RING_MARGIN_SECONDS = 3;

    /** Asks for a plate read of a track, for a reason (the rule's wire name). */
    public interface PlateRequests {
        void request(long trackId, String reason);
    }

    private final CameraConfig camera;
    private final CameraRules rules;
    private final SignalBoard signals;
    private final FrameRing ring;
    private final ViolationRecorder recorder;
    private final PlateRequests plates;
    private final String geometryHash;
    private final long beforeMillis;
    private final long afterMillis;
    /** Violations waiting for their clip's last frame, with the signal states at the time. */
    private final Map<Violation, List<SignalState>> waiting = new LinkedHashMap<>();
    private long lastStreamMillis = Long.MIN_VALUE;

    public CameraViolations(CameraConfig camera, SignalBoard signals, ViolationRecorder recorder, PlateRequests plates,
                            MeterRegistry registry) {
        ViolationConfig config = camera.violations();
        this.camera = camera;
        this.rules = CameraRules.forCamera(camera);
        this.signals = signals;
        this.recorder = recorder;
        this.plates = plates;
        this.geometryHash = GeometryHash.of(camera.geometry());
        this.beforeMillis = Math.round(config.clipBeforeSeconds() * 1000);
        this.afterMillis = Math.round(config.clipAfterSeconds() * 1000);
        this.ring = new FrameRing(config.clipBeforeSeconds() + config.clipAfterSeconds() + RING_MARGIN_SECONDS,
                JPEG_QUALITY);
        registry.gauge(Meters.FRAME_RING_BYTES, Tags.of(Meters.TAG_CAMERA, camera.id()), ring, FrameRing::bytes);
        LOG.info("camera {}: violation rules {}, geometry hash {}", camera.id(), rules.types(), geometryHash);
    }

    public SignalBoard signals() {
        return signals;
    }

    /**
     * One analysed frame.
     *
     * @param tracks     the tracks now (on a frame the motion gate skipped: the last ones, unchanged)
     * @param removedIds tracks the tracker removed in this frame
     */
    public List<Violation> onFrame(Mat image, List<Track> tracks, List<Long> removedIds, long streamMillis,
                                   Instant wallTime) {
        if (streamMillis < lastStreamMillis) {
            // The stream restarted (reconnect, looping file) and the ring is about to start again: violations still
            // waiting for their clip go now, with the seconds after that there are.
            LOG.warn("camera {}: stream restarted; {} violation(s) get a shorter clip", camera.id(), waiting.size());
            flush();
        }
        lastStreamMillis = streamMillis;
        ring.add(image, streamMillis, wallTime);
        signals.update(image, streamMillis, wallTime);
        LocalTime local = wallTime.atZone(camera.timezone()).toLocalTime();
        List<Violation> found = rules.update(tracks, removedIds, new RuleFrame(streamMillis, wallTime, local, signals));
        for (Violation v : found) {
            LOG.info("camera {}: {} by track {} ({}) at {}", camera.id(), v.type().code(), v.trackId(),
                    v.objectClass().wireName(), v.placeId());
            waiting.put(v, signals.states());
            if (plates != null) {
                plates.request(v.trackId(), v.type().wireName());
            }
        }
        Iterator<Map.Entry<Violation, List<SignalState>>> it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Violation, List<SignalState>> e = it.next();
            if (streamMillis >= e.getKey().streamMillis() + afterMillis) {
                it.remove();
                recorder.submit(job(e.getKey(), e.getValue()));
            }
        }
        return found;
    }

    /** Hands over the violations still waiting for their clip, with the frames there are (on stop, end of file). */
    public void flush() {
        waiting.forEach((v, states) -> recorder.submit(job(v, states)));
        waiting.clear();
    }

    private EvidenceJob job(Violation v, List<SignalState> states) {
        Map<String, RingFrame> pictures = new LinkedHashMap<>();
        for (Moment m : v.moments()) {
            ring.nearest(m.streamMillis()).ifPresent(f -> pictures.put(m.label(), f));
        }
        List<RingFrame> clip = new ArrayList<>(ring.between(v.streamMillis() - beforeMillis,
                v.streamMillis() + afterMillis));
        return new EvidenceJob(camera, v, pictures, clip, states, geometryHash, System.nanoTime());
    }
}
