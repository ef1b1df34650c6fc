package vn.wardwatch.retention;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import vn.wardwatch.audit.AuditTrail;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;

/**
 * Holds on enforcement data (issue 8): a violation that is new (awaiting review) or confirmed is on hold, and
 * retention never deletes it, until an admin releases it here (one {@code violation_hold_release} row, audited as
 * {@code hold.released}). A rejected violation is never on hold.
 */
public final class ViolationHolds {

    public static final String AUDIT_ACTION = "hold.released";

    /** What a release request came to. */
    public enum Outcome { RELEASED, NOT_FOUND, NOT_ON_HOLD, ALREADY_RELEASED }

    private final Database database;
    private final AuditTrail audit;
    private final Clock clock;

    public ViolationHolds(Database database, AuditTrail audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Releases the hold on a violation, so that retention deletes it once it is older than
     * {@code retention.violations_days}.
     *
     * @param by     the admin releasing it
     * @param reason why (kept with the release and in the audit entry)
     */
    public Outcome release(String violationId, String by, String reason) {
        if (by == null || by.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a hold release needs who releases it and why");
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String status;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT status FROM violation WHERE id = ? FOR UPDATE")) {
                    s.setString(1, violationId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Outcome.NOT_FOUND;
                        }
                        status = rs.getString(1);
                    }
                }
                if (StoredViolation.REJECTED.equals(status)) {
                    c.rollback();
                    return Outcome.NOT_ON_HOLD;
                }
                if (released(c, violationId)) {
                    c.rollback();
                    return Outcome.ALREADY_RELEASED;
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO violation_hold_release (violation_id,"
                        + " released_by, released_at_utc, reason) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, violationId);
                    s.setString(2, by);
                    s.setObject(3, at.atOffset(ZoneOffset.UTC));
                    s.setString(4, reason);
                    s.executeUpdate();
                }
                // Audited before the commit: a release that cannot be audited does not happen.
                audit.record(by, AUDIT_ACTION, "violation:" + violationId, new JsonObject().put("reason", reason)
                        .put("status", status).encode());
                c.commit();
                Database.flush(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot release the hold on violation " + violationId + ": " + e.getMessage(),
                    e);
        }
        return Outcome.RELEASED;
    }

    /** Whether an admin released the violation's hold. */
    public boolean released(String violationId) {
        try (Connection c = database.connection()) {
            return released(c, violationId);
        } catch (SQLException e) {
            throw new StorageException("cannot read the hold of violation " + violationId + ": " + e.getMessage(), e);
        }
    }

    private static boolean released(Connection c, String violationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM violation_hold_release WHERE violation_id = ?")) {
            s.setString(1, violationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
