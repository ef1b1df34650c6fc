package vn.wardwatch.storage;

import java.time.Instant;

/**
 * Filters for listing warnings, newest raised first; every field except {@code limit} may be null.
 *
 * @param active true: only active ones; false: only cleared ones; null: both
 * @param from   raised at or after
 * @param to     raised before
 */
public record WarningQuery(Boolean active, String cameraId, String zoneId, String kind, Instant from, Instant to,
                           int limit) {
}
