package vn.wardwatch.storage;

import java.time.Duration;
import java.time.Instant;
import vn.wardwatch.detect.ObjectClass;

/**
 * Which counts to return. Null filters mean "all". Buckets start at {@code from} and are {@code interval} long;
 * the last bucket may end after {@code to}.
 */
public record CountQuery(String cameraId, String lineId, ObjectClass objectClass, String direction, Instant from,
                         Instant to, Duration interval) {
}
