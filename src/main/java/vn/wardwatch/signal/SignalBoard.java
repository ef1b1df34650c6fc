package vn.wardwatch.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencv.core.Mat;
import vn.wardwatch.config.SignalHeadConfig;

/**
 * The signal heads of one camera and what each shows now. Heads read from the image are classified on every analysed
 * frame and debounced; controller heads take what the controller pushes. Everything is kept on the camera's stream
 * timeline, which the rules use: a push is placed on it through the wall clock of the latest frame.
 *
 * <p>Thread-safe: the camera's analysis thread updates it, the API pushes and reads.
 */
public final class SignalBoard {

    /** A new colour must hold for 3 frames or 400 ms: LED flicker and a passing truck are shorter. */
    static final int MIN_FRAMES = 3;
    static final long MIN_MILLIS = 400;
    /** A lamp that turns unreadable has most likely not changed: UNKNOWN needs 2 s. */
    static final int UNKNOWN_FRAMES = 10;
    static final long UNKNOWN_MILLIS = 2000;
    /** A controller that stops pushing for this long leaves its head UNKNOWN. */
    static final Duration CONTROLLER_SILENCE = Duration.ofSeconds(120);

    private final String cameraId;
    private final SignalStateClassifier classifier = new SignalStateClassifier();
    private final Map<String, Head> heads = new LinkedHashMap<>();
    private long lastStreamMillis;
    private Instant lastWallTime;
    private PushListener pushListener;

    /** Told of every accepted push, in order (a cluster's api node forwards them to the camera's worker). */
    @FunctionalInterface
    public interface PushListener {
        void pushed(String cameraId, String headId, SignalColour colour, Instant at);
    }

    private static final class Head {
        final SignalHeadConfig config;
        final SignalDebouncer debouncer = new SignalDebouncer(MIN_FRAMES, MIN_MILLIS, UNKNOWN_FRAMES, UNKNOWN_MILLIS);
        SignalState state;
        Instant pushedAt;

        Head(SignalHeadConfig config) {
            this.config = config;
            String source = config.fromImage() ? SignalState.FROM_IMAGE : SignalState.FROM_CONTROLLER;
            this.state = new SignalState(config.id(), SignalColour.UNKNOWN, source, 0);
        }
    }

    public SignalBoard(String cameraId, List<SignalHeadConfig> configs) {
        this.cameraId = cameraId;
        for (SignalHeadConfig c : configs) {
            heads.put(c.id(), new Head(c));
        }
    }

    public String cameraId() {
        return cameraId;
    }

    /** The stream time of the latest analysed frame (0 before the first). */
    public synchronized long latestStreamMillis() {
        return lastStreamMillis;
    }

    /** Tells {@code listener} of every push accepted from now on (replaces the previous one). */
    public synchronized void onPush(PushListener listener) {
        this.pushListener = listener;
    }

    public boolean isEmpty() {
        return heads.isEmpty();
    }

    /** Reads every image head on an analysis frame; times controller heads out. */
    public synchronized void update(Mat frame, long streamMillis, Instant wallTime) {
        if (lastWallTime != null && streamMillis < lastStreamMillis) {
            // The stream restarted (reconnect, looping file): states start again from what is seen now.
            heads.replaceAll((id, h) -> new Head(h.config));
        }
        lastStreamMillis = streamMillis;
        lastWallTime = wallTime;
        for (Head h : heads.values()) {
            if (h.config.fromImage()) {
                SignalColour raw = classifier.classify(frame, h.config.region()).colour();
                SignalColour before = h.debouncer.state();
                SignalColour now = h.debouncer.update(raw, streamMillis);
                if (now != before) {
                    // The change began when the new colour was first seen, not when it was confirmed.
                    long since = h.debouncer.lastChange().map(SignalDebouncer.Change::firstSeenMillis)
                            .orElse(streamMillis);
                    h.state = new SignalState(h.config.id(), now, SignalState.FROM_IMAGE, since);
                }
            } else if (h.pushedAt != null && Duration.between(h.pushedAt, wallTime).compareTo(CONTROLLER_SILENCE) > 0
                    && h.state.colour() != SignalColour.UNKNOWN) {
                h.state = new SignalState(h.config.id(), SignalColour.UNKNOWN, SignalState.FROM_CONTROLLER,
                        streamMillis);
            }
        }
    }

    /**
     * A state pushed by the signal controller at wall time {@code at}.
     *
     * @throws IllegalArgumentException when the head is not this camera's
     * @throws IllegalStateException    when the head is read from the image (it takes no pushes)
     */
    public synchronized SignalState push(String headId, SignalColour colour, Instant at) {
        Head h = heads.get(headId);
        if (h == null) {
            throw new IllegalArgumentException("no signal head " + headId);
        }
        if (h.config.fromImage()) {
            throw new IllegalStateException("signal head " + headId + " is read from the camera image (source: image);"
                    + " set source: controller in its config to take pushed states");
        }
        long streamMillis = lastWallTime == null ? 0
                : lastStreamMillis + Duration.between(lastWallTime, at).toMillis();
        h.pushedAt = at;
        if (colour != h.state.colour()) {
            h.state = new SignalState(headId, colour, SignalState.FROM_CONTROLLER, streamMillis);
        }
        if (pushListener != null) {
            pushListener.pushed(cameraId, headId, colour, at);
        }
        return h.state;
    }

    public synchronized Optional<SignalState> state(String headId) {
        Head h = heads.get(headId);
        return h == null ? Optional.empty() : Optional.of(h.state);
    }

    public synchronized List<SignalState> states() {
        return heads.values().stream().map(h -> h.state).toList();
    }

    public synchronized boolean has(String headId) {
        return heads.containsKey(headId);
    }
}
