package vn.wardwatch.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API shows of one camera at one moment. No secrets: {@code source} is already redacted. */
public record CameraStatus(String id, String name, String source, String timezone, String state, Instant stateSince,
                           double fpsIn, double fpsAnalysed, long framesIn, long framesDropped, long reconnects,
                           Instant lastFrameAt, String lastError, int activeTracks, List<LineCount> totals,
                           List<LineCount> currentMinute, Map<String, Map<String, Integer>> zones) {

    /** Count of one line, class and direction. */
    public record LineCount(String line, String objectClass, String direction, long count) {
    }
}
