package vn.wardwatch.warning;

import java.time.Instant;
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

    public boolean active() {
        return clearedAt == null;
    }

    public String snapshotUrl() {
        return snapshot ? "/api/v1/warnings/" + id + "/snapshot" : null;
    }
}
