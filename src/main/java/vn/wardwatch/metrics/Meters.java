package vn.wardwatch.metrics;

/**
 * Every meter name in one place. Tags: {@code camera}, {@code stage}, {@code class}, {@code zone}, {@code line},
 * {@code direction}, {@code result}; never a plate or a track id (unbounded cardinality).
 */
public final class Meters {

    /** Frames read from the camera (ffmpeg output, after its fps filter). */
    public static final String FRAMES_IN = "wardwatch.frames.in";
    /** Frames dropped because analysis fell behind (oldest first). */
    public static final String FRAMES_DROPPED = "wardwatch.frames.dropped";
    /** Frames that went through analysis. */
    public static final String FRAMES_ANALYSED = "wardwatch.frames.analysed";
    /** Frames on which the motion gate skipped the detector. */
    public static final String FRAMES_MOTIONLESS = "wardwatch.frames.motionless";
    /** Time per pipeline stage; tag {@code stage} = motion, detect, track, count, plates (the crop hand-over). */
    public static final String STAGE_TIME = "wardwatch.stage.time";
    /** From the frame being read to its counts being known. */
    public static final String FRAME_LATENCY = "wardwatch.frame.latency";
    /** Frames waiting between ingest and analysis. */
    public static final String QUEUE_DEPTH = "wardwatch.queue.depth";
    /** Confirmed tracks alive after the latest frame. */
    public static final String TRACKS_ACTIVE = "wardwatch.tracks.active";
    /** Line crossings counted. */
    public static final String COUNTS = "wardwatch.counts";
    /** Objects inside a zone now. */
    public static final String ZONE_OCCUPANCY = "wardwatch.zone.occupancy";
    /** Times ffmpeg was restarted for a camera. */
    public static final String CAMERA_RECONNECTS = "wardwatch.camera.reconnects";
    /** 1 while the camera delivers frames, 0 otherwise. */
    public static final String CAMERA_ONLINE = "wardwatch.camera.online";

    /** Plate reads by the OCR, one per crop read; tag {@code result} = plate, none (no plate found), error. */
    public static final String PLATE_READS = "wardwatch.plates.reads";
    /** Time of one plate read (one crop through the OCR). */
    public static final String PLATE_READ_TIME = "wardwatch.plates.read.time";
    /** Voted plates stored in the database. */
    public static final String PLATE_VOTES = "wardwatch.plates.votes";
    /** Crops dropped (oldest first) because the plate reader fell behind. */
    public static final String PLATE_DROPPED = "wardwatch.plates.dropped";
    /** Crops waiting for the plate reader. */
    public static final String PLATE_QUEUE_DEPTH = "wardwatch.plates.queue.depth";
    /** Plate crops that could not be written (the plate row is stored without its crop). */
    public static final String PLATE_CROP_FAILURES = "wardwatch.plates.crop.failures";
    /** Plate rows that could not be stored yet (kept and retried). */
    public static final String PLATE_STORE_FAILURES = "wardwatch.plates.store.failures";

    /** Violations stored with their evidence, by camera and type. */
    public static final String VIOLATIONS = "wardwatch.violations";
    /** From the violation's frame to its committed row (clip wait included), and from the job to the row. */
    public static final String EVIDENCE_LATENCY = "wardwatch.evidence.latency";
    public static final String EVIDENCE_WORK = "wardwatch.evidence.work";
    /** Violations whose evidence could not be written or stored (disk full, database down). */
    public static final String EVIDENCE_FAILURES = "wardwatch.evidence.failures";
    /** Violations waiting for the recorder, and those dropped because its queue was full. */
    public static final String EVIDENCE_QUEUE_DEPTH = "wardwatch.evidence.queue.depth";
    public static final String EVIDENCE_DROPPED = "wardwatch.evidence.dropped";
    /** Bytes of JPEG frames held by a camera's clip ring. */
    public static final String FRAME_RING_BYTES = "wardwatch.frame.ring.bytes";
    // Congestion and warnings (issue 6)
    public static final String WARNINGS = "wardwatch.warnings";
    public static final String WARNINGS_DROPPED = "wardwatch.warnings.dropped";
    public static final String WARNING_FAILURES = "wardwatch.warnings.failures";
    public static final String LEVEL_CHANGES = "wardwatch.congestion.level.changes";
    public static final String TAG_TYPE = "type";

    /** Zone minutes that could not be stored (issue 6). */
    public static final String ZONE_MINUTE_FAILURES = "wardwatch.zone.minute.failures";

    public static final String TAG_CAMERA = "camera";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_CLASS = "class";
    public static final String TAG_ZONE = "zone";
    public static final String TAG_LINE = "line";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_RESULT = "result";

    private Meters() {
    }

    /** Push (issue 6): messages delivered; tags {@code channel} = webhook, mqtt and {@code target}. */
    public static final String PUSH_DELIVERED = "wardwatch.push.delivered";
    /** Failed push attempts; tag {@code result} = retry (will try again), dead (given up), dropped (queue full). */
    public static final String PUSH_FAILED = "wardwatch.push.failed";
    /** Webhook outbox rows waiting for delivery. */
    public static final String PUSH_OUTBOX_PENDING = "wardwatch.push.outbox.pending";
    /** From the event's frame ({@code frameAt}, else {@code at}) to its delivery; tag {@code channel}. */
    public static final String PUSH_LATENCY = "wardwatch.push.latency";
    /** SSE clients connected now. */
    public static final String PUSH_SSE_CLIENTS = "wardwatch.push.sse.clients";
}
