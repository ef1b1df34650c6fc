package vn.wardwatch.cluster;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.ingest.Backoff;
import vn.wardwatch.recording.Recordings;
import vn.wardwatch.recording.SegmentRecorder;

/**
 * A worker's recording: one {@link SegmentRecorder} per camera it runs that has recording on, started and stopped
 * with the camera. Segments go into the shared recordings directory ({@code <parent of evidence.dir>/recordings},
 * the api node's too); each recorder's ffmpeg writes into {@code <camera>/incoming/<this worker run's id>/}, so no
 * worker's start-up set-aside moves another's files during a handover. The index rows go to the api node through
 * the {@link RecordingSender}.
 */
public final class WorkerRecorders implements AutoCloseable {

    private final Path root;
    private final String writer;
    private final RecordingSender sender;
    private final String ffmpeg;
    private final Clock clock;
    private final Map<String, SegmentRecorder> running = new ConcurrentHashMap<>();
    /** Why recording is paused here (the worker's disk guard); null while recording. Guarded by this. */
    private String pausedFor;

    /**
     * @param root   the shared recordings directory
     * @param writer this worker run's id (its node id)
     */
    public WorkerRecorders(Path root, String writer, RecordingSender sender, String ffmpeg, Clock clock) {
        this.root = root;
        this.writer = writer;
        this.sender = sender;
        this.ffmpeg = ffmpeg;
        this.clock = clock;
    }

    /** The shared recordings directory: beside the shared evidence directory, like warnings/ and plates/. */
    public static Path sharedRoot(Path sharedMediaRoot) {
        return sharedMediaRoot.resolve(Recordings.DIRECTORY);
    }

    /**
     * Events mode keeps a segment only if the camera's tracks showed activity around it; that activity is seen on
     * the worker, retention runs on the api node, which would see none and delete every segment. Refused in a
     * cluster, naming the cameras, until the activity travels too.
     */
    public static void refuseEventsMode(Collection<CameraConfig> cameras) {
        List<String> events = cameras.stream().filter(c -> c.recording().mode() == RecordingConfig.Mode.EVENTS)
                .map(c -> "cameras." + c.id() + ".recording.mode").toList();
        if (!events.isEmpty()) {
            throw new IllegalStateException("recording mode 'events' is not supported in cluster mode (the activity"
                    + " it keeps segments by is seen on the worker, retention runs on the api node): set "
                    + String.join(", ", events) + " to 'always', or run in one process");
        }
    }

    /** Starts recording the camera, if it has recording on (paused, if recording is paused here). */
    public synchronized void start(CameraConfig camera) {
        if (!camera.recording().enabled()) {
            return;
        }
        SegmentRecorder recorder = new SegmentRecorder(camera.id(), camera.source(), camera.recording(), root,
                writer, sender, ffmpeg, Recordings.ffprobeBeside(ffmpeg), Backoff.defaults(), clock);
        SegmentRecorder previous = running.put(camera.id(), recorder);
        if (previous != null) {
            previous.stop();
        }
        if (pausedFor != null) {
            recorder.pause(pausedFor);
        }
        recorder.start();
    }

    /** Pauses every recorder here, and those started later, until {@link #resume} (the shared disk runs low). */
    public synchronized void pause(String reason) {
        pausedFor = reason;
        running.values().forEach(r -> r.pause(reason));
    }

    public synchronized void resume() {
        pausedFor = null;
        running.values().forEach(SegmentRecorder::resume);
    }

    /** Stops the camera's recorder: ffmpeg closes its last segment, which is indexed (and sent) before this returns. */
    public void stop(String cameraId) {
        SegmentRecorder recorder = running.remove(cameraId);
        if (recorder != null) {
            recorder.stop();
            sender.forget(cameraId);
        }
    }

    /** The recorders running here now. */
    public List<SegmentRecorder> recorders() {
        return List.copyOf(running.values());
    }

    @Override
    public void close() {
        // Stopped together: each ffmpeg closes and reports its last segment.
        List.copyOf(running.keySet()).parallelStream().forEach(this::stop);
    }
}
