package vn.wardwatch.analytics.counting;

import java.time.Instant;
import vn.wardwatch.detect.ObjectClass;

/** How many objects of one class crossed one line in one direction during one minute (UTC). */
public record CountBucket(String cameraId, String lineId, ObjectClass objectClass, String direction,
                          Instant minuteStart, long count) {
}
