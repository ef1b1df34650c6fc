package vn.wardwatch.analytics.counting;

import java.time.Instant;
import vn.wardwatch.detect.ObjectClass;

/**
 * One track crossing one count line.
 *
 * @param direction     {@link #IN} or {@link #OUT}, as defined by {@link vn.wardwatch.config.LineConfig}
 * @param streamMillis  stream time of the frame in which the crossing was completed
 * @param wallTime      wall-clock time of that frame; per-minute buckets use it
 */
public record CountEvent(String cameraId, String lineId, ObjectClass objectClass, String direction, long trackId,
                         long streamMillis, Instant wallTime) {

    public static final String IN = "in";
    public static final String OUT = "out";
}
