package vn.wardwatch.testsupport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.AuditEntry;
import vn.wardwatch.audit.AuditTrail;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.storage.jdbc.Database;

/**
 * The real hash-chained audit log on a test's database (anchor file beside the database file), with the lookups
 * tests use to check what was audited.
 */
public final class RecordedAudit implements AuditTrail {

    private final JdbcAuditLog log;

    public RecordedAudit(Database database) {
        this.log = new JdbcAuditLog(database, AuditAnchor.in(anchorDir(database)), Clock.systemUTC());
    }

    /** Beside the H2 file; PostgreSQL has no file, so a temporary directory. */
    private static java.nio.file.Path anchorDir(Database database) {
        if (database.file() != null) {
            return database.file().toAbsolutePath().getParent();
        }
        try {
            return java.nio.file.Files.createTempDirectory("wardwatch-audit-anchor");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a directory for the audit anchor: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String actor, String action, String target, String detail) {
        log.record(actor, action, target, detail);
    }

    /** Every entry, oldest first. */
    public List<AuditEntry> entries() {
        List<AuditEntry> out = new ArrayList<>();
        log.forEach(out::add);
        return out;
    }

    /** The entries with this action, oldest first. */
    public List<AuditEntry> withAction(String action) {
        return entries().stream().filter(e -> e.action().equals(action)).toList();
    }

    public JdbcAuditLog log() {
        return log;
    }
}
