package vn.wardwatch.warning;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state of a warning: raised, updated or cleared. The same id runs through all three.
 *
 * @param kind       {@link #CONGESTION}, {@link #CROWD} or {@link #SURGE}
 * @param state      {@link #RAISED}, {@link #UPDATED} or {@link #CLEARED}
 * @param level      congestion level (free, slow, congested, jammed) for congestion; null otherwise
 * @param raisedAt   wall time of the frame that raised it
 * @param clearedAt  wall time of the frame that cleared it; null while active
 * @param frameAt    wall time of the frame that made this state
 * @param metrics    the zone's metrics at that frame, plus the kind's own (e.g. {@code rise})
 * @param snapshot   whether a snapshot picture was asked for (taken at the raising frame)
 */
public record Warning(String id, String cameraId, String zoneId, String kind, String state, String level,
                     Instant raisedAt, Instant clearedAt, Instant frameAt, Map<String, Object> metrics,
                     boolean snapshot) {

    public static final String CONGESTION = "congestion";
    public static final String CROWD = "crowd";
    public static final String SURGE = "surge";
    public static final String RAISED = "raised";
    public static final String UPDATED = "updated";
    public static final String CLEARED = "cleared";
    /** Metrics field of a warning cleared because its watcher went away, not because the zone calmed down. */
    public static final String REASON = "reason";
    /** The camera's analysis stopped (shutdown, camera moved to another cluster worker). */
    public static final String ANALYSIS_STOPPED = "analysis stopped";
    /** Still open in the database when the process started: the run that raised it ended without clearing it. */
    public static final String ANALYSIS_RESTARTED = "analysis restarted";
    /** Raised by a cluster worker that died; the api node cleared it once the worker's journal was replayed. */
    public static final String WORKER_LOST = "worker lost";

    public boolean active() {
        return clearedAt == null;
    }

    /**
     * This warning cleared at {@code at} because no one watches its zone any more: its last metrics, plus
     * {@link #REASON}.
     */
    public Warning clearedBecause(String reason, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>(metrics);
        m.put(REASON, reason);
        return new Warning(id, cameraId, zoneId, kind, CLEARED, level, raisedAt, at, at, m, snapshot);
    }

    public String snapshotUrl() {
        return snapshot ? "/api/v1/warnings/" + id + "/snapshot" : null;
    }
}
