package vn.wardwatch.storage;

import java.time.Instant;

/**
 * An officer's decision on a violation.
 *
 * @param decision   {@code confirmed} or {@code rejected}
 * @param reasonCode why it was rejected (e.g. {@code wrong_plate}); null when confirmed
 */
public record ViolationReview(String violationId, String reviewer, String decision, String reasonCode, String note,
                              Instant reviewedAt) {
}
