package vn.wardwatch.storage;

import java.time.Instant;

/**
 * Filters for listing violations, newest first; null means "any". {@code plateCharacters} matches the plate read
 * without separators, exactly. {@code after} continues a previous page: only rows older than that (time, id).
 */
public record ViolationQuery(String cameraId, String type, String status, String plateCharacters, Instant from,
                             Instant to, int limit, Cursor after) {

    /** The position of the last row of a page. */
    public record Cursor(Instant occurredAt, String id) {
    }
}
