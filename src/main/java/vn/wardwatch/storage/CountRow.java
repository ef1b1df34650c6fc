package vn.wardwatch.storage;

import java.time.Instant;
import vn.wardwatch.detect.ObjectClass;

/** The count of one (camera, line, class, direction) in one interval bucket. */
public record CountRow(Instant bucketStart, String cameraId, String lineId, ObjectClass objectClass,
                       String direction, long count) {
}
