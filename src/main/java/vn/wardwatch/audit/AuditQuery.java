package vn.wardwatch.audit;

import java.time.Instant;

/**
 * A filter for reading the audit log: every field may be null (no filter on it). Newest first, at most {@code limit}.
 *
 * @param from inclusive
 * @param to   exclusive
 */
public record AuditQuery(Instant from, Instant to, String actor, String action, int limit) {
}
