package vn.wardwatch.analytics.counting;

import java.time.Instant;
import vn.wardwatch.detect.ObjectClass;

/**
 * Crossings of one line by one class in one direction during one UTC minute.
 *
 * @param minuteStart start of the minute, truncated from the events' wall time
 */
public record CountBucket(String cameraId, String lineId, ObjectClass objectClass, String direction,
                          Instant minuteStart, long count) {
}
