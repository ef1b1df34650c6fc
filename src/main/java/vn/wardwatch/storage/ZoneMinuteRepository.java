package vn.wardwatch.storage;

import java.time.Instant;
import java.util.List;

/** Per-minute zone traffic (occupancy, flow, speed, queue, people, worst level). */
public interface ZoneMinuteRepository {

    /** Stores a minute; the same (camera, zone, minute) again replaces it. */
    void add(StoredZoneMinute minute);

    /**
     * Minutes, newest first; null filters mean "any".
     *
     * @param from inclusive, by minute start
     * @param to   exclusive
     */
    List<StoredZoneMinute> list(String cameraId, String zoneId, Instant from, Instant to, int limit);
}
