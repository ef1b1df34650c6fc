package vn.wardwatch.storage;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A violation as stored: its facts, its review status and where its evidence package is.
 *
 * @param status     {@code new}, {@code confirmed} or {@code rejected}
 * @param packageDir the evidence package, relative to the evidence root
 */
public record StoredViolation(String id, String cameraId, String type, String status, Instant occurredAt,
                              ZoneOffset utcOffset, long trackId, String objectClass, String placeId, String laneId,
                              String signalState, String signalSource, String geometryHash, String plateText,
                              String plateCharacters, Double plateConfidence, String packageDir,
                              String manifestSha256, Instant createdAt) {

    public static final String NEW = "new";
    public static final String CONFIRMED = "confirmed";
    public static final String REJECTED = "rejected";
}
