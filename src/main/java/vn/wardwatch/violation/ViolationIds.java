package vn.wardwatch.violation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Violation ids: {@code <UTC time to the millisecond>-<camera>-<track>-<type>}, e.g.
 * {@code 20261122T083412123Z-gate1-17-red_light}. Readable, sortable by time, safe as a directory name and in a URL,
 * and unique because a track breaks each rule once (track ids restart with the process, the time does not).
 */
public final class ViolationIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ViolationIds() {
    }

    public static String of(String cameraId, Violation v) {
        return of(cameraId, v.wallTime(), v.trackId(), v.type());
    }

    public static String of(String cameraId, Instant at, long trackId, ViolationType type) {
        return TIME.format(at) + "-" + cameraId + "-" + trackId + "-" + type.wireName();
    }
}
