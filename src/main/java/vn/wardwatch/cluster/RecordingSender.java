package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.recording.RecordingGap;
import vn.wardwatch.recording.RecordingRepository;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;

/**
 * A worker's recording index: its {@code SegmentRecorder}s move each finished segment into the shared recordings
 * directory, then "index" it here; the segment, gap and partial-mark messages go to the api node in order (one
 * {@link OrderedOutbox}: a partial mark always arrives after its segment), resent until acknowledged. The api node
 * stores each once ({@link #receive}): a segment by its file, a gap by camera and start, a partial mark repeated
 * changes nothing.
 *
 * <p>What a recorder reads back: {@link #addSegment} returns the segment with a worker-local id, and
 * {@link #markPartial} finds the file by that id (only a run's last segment is ever marked); {@link #lastSegmentEnd}
 * (at a run's first segment, for the gap since the camera's previous one, perhaps recorded by another worker) is
 * the later of what this worker sent for the camera since it started recording it and what the api node has
 * stored, asked by a blocking request on the recorder's thread. Everything else (listing, holds, retention) is the
 * api node's.
 */
public final class RecordingSender extends OutboxSender implements RecordingRepository {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingSender.class);
    public static final String ADDRESS = "wardwatch.cluster.recordings";
    /** The api node answers a camera's {@code lastSegmentEnd} here (not journaled: a question, not a message). */
    public static final String LAST_END_ADDRESS = "wardwatch.cluster.recordings.last-end";
    static final long LAST_END_TIMEOUT_MS = 5000;

    private final EventBus bus;
    private final AtomicLong ids = new AtomicLong();
    /** Per camera, the latest segment this worker sent since it started recording the camera. */
    private final Map<String, RecordedSegment> lastSent = new ConcurrentHashMap<>();

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    public RecordingSender(EventBus bus) {
        super(bus, ADDRESS);
        this.bus = bus;
    }

    /** Journaled into {@code journalDirectory} (this worker run's, in the shared directory): replayed if it dies. */
    public RecordingSender(EventBus bus, Path journalDirectory) {
        super(bus, ADDRESS, journalDirectory);
        this.bus = bus;
    }

    @Override
    public RecordedSegment addSegment(RecordedSegment segment) {
        RecordedSegment sent = segment.withId(ids.incrementAndGet());
        send(segmentJson(sent));
        lastSent.put(sent.cameraId(), sent);
        return sent;
    }

    @Override
    public void addGap(RecordingGap gap) {
        send(new JsonObject().put("type", "gap").put("camera", gap.cameraId())
                .put("start", gap.start().toString()).put("end", gap.end().toString()).put("reason", gap.reason()));
    }

    @Override
    public void markPartial(long segmentId) {
        for (RecordedSegment s : lastSent.values()) {
            if (s.id() == segmentId) {
                send(new JsonObject().put("type", "partial").put("camera", s.cameraId()).put("file", s.file()));
                return;
            }
        }
        LOG.warn("recording: segment {} is not the latest of any camera here; its partial mark is not sent",
                segmentId);
    }

    /** The camera stopped here (moved, or the worker stops): a later start must not take this run's end as its own. */
    public void forget(String cameraId) {
        lastSent.remove(cameraId);
    }

    @Override
    public Instant lastSegmentEnd(String cameraId) {
        RecordedSegment mine = lastSent.get(cameraId);
        Instant stored = null;
        try {
            Object end = bus.request(LAST_END_ADDRESS, new JsonObject().put("camera", cameraId),
                    new DeliveryOptions().setSendTimeout(LAST_END_TIMEOUT_MS))
                    .await(LAST_END_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS).body();
            stored = end == null ? null : Instant.parse((String) end);
        } catch (Exception e) {
            // No gap row is better than a wrong one (another worker may have recorded meanwhile).
            LOG.warn("camera {}: the api node did not say where its recording ends ({}); no gap is stored before"
                    + " this run unless this worker recorded it before", cameraId, e.getMessage());
        }
        if (mine == null) {
            return stored;
        }
        return stored == null || mine.end().isAfter(stored) ? mine.end() : stored;
    }

    @Override
    public List<RecordedSegment> segments(String cameraId, Instant from, Instant to) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public List<RecordingGap> gaps(String cameraId, Instant from, Instant to) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public int hold(String cameraId, Instant from, Instant to, String reason) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public List<RecordedSegment> oldestUnprotected(String cameraId, int limit) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public long totalBytes(String cameraId) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public List<RecordedSegment> unreviewedEventSegments(String cameraId, Instant endedBefore, int limit) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public void markEventKept(long segmentId) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public void recordDeletion(RecordedSegment segment, String reason, Instant deletedAt) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    @Override
    public List<String> deletions(String cameraId) {
        throw new UnsupportedOperationException("a worker has no recording index");
    }

    /**
     * The api node's end: a segment stored unless its file is indexed (or was deleted), a gap unless the camera has
     * one starting then, a partial mark set by file; then acknowledged (true: a segment or gap newly stored).
     */
    public static MessageConsumer<JsonObject> receive(Vertx vertx, JdbcRecordingRepository repository) {
        return AckedConsumer.start(vertx, ADDRESS, "recording", body -> switch (body.getString("type")) {
            case "segment" -> repository.addSegmentIfNew(segment(body));
            case "gap" -> repository.addGapIfNew(new RecordingGap(body.getString("camera"),
                    Instant.parse(body.getString("start")), Instant.parse(body.getString("end")),
                    body.getString("reason")));
            case "partial" -> {
                repository.markPartial(body.getString("file"));
                yield false;
            }
            default -> throw new IllegalArgumentException("unknown recording message type '"
                    + body.getString("type") + "'");
        }, (body, stored) -> { });
    }

    /** The api node answers a worker recorder's {@link #lastSegmentEnd} from the index (null: none). */
    public static MessageConsumer<JsonObject> answerLastEnd(Vertx vertx, RecordingRepository repository) {
        return vertx.eventBus().<JsonObject>consumer(LAST_END_ADDRESS, m -> vertx.executeBlocking(
                () -> repository.lastSegmentEnd(m.body().getString("camera"))).onComplete(r -> {
                    if (r.succeeded()) {
                        m.reply(r.result() == null ? null : r.result().toString());
                    } else {
                        m.fail(500, "last segment end not read: " + r.cause().getMessage());
                    }
                }));
    }

    /** Instants as ISO strings: exact to the nanosecond, as one process would store them. */
    static JsonObject segmentJson(RecordedSegment s) {
        return new JsonObject().put("type", "segment").put("camera", s.cameraId()).put("start", s.start().toString())
                .put("end", s.end().toString()).put("file", s.file()).put("sizeBytes", s.sizeBytes())
                .put("sha256", s.sha256()).put("partial", s.partial()).put("clockJump", s.clockJump())
                .put("declaredFps", s.declaredFps()).put("deliveredFps", s.deliveredFps());
    }

    static RecordedSegment segment(JsonObject j) {
        return new RecordedSegment(0, j.getString("camera"), Instant.parse(j.getString("start")),
                Instant.parse(j.getString("end")), j.getString("file"), j.getLong("sizeBytes"),
                j.getString("sha256"), false, j.getBoolean("partial"), j.getBoolean("clockJump"),
                j.getDouble("declaredFps"), j.getDouble("deliveredFps"));
    }
}
