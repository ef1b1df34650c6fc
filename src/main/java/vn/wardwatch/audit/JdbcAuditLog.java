package vn.wardwatch.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.jdbc.Database;

/**
 * The audit log in the {@code audit_log} table: append-only and hash-chained (see {@link AuditEntry#hash}).
 *
 * <p>Appends are serialized: {@link #append} holds one lock shared by every instance in the JVM and reads the previous
 * entry's hash inside the same transaction as the insert, so two appends can never chain onto the same entry. On
 * PostgreSQL, where several api nodes share the table, the transaction first takes a transaction-scoped advisory lock
 * ({@link #CHAIN_LOCK}), so appends from other processes wait for it too and each reads the head the previous one
 * committed. Nothing here updates or deletes a row. After each append the head is written to this node's
 * {@link AuditAnchor} (each api node keeps its own: it anchors the entries that node appended).
 */
public final class JdbcAuditLog implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);
    /** One writer at a time on H2, however many instances were made (H2 is one process's file). */
    private static final Object APPEND_LOCK = new Object();
    /**
     * On PostgreSQL the advisory lock serialises the chain across processes; this lock, one per anchor file (per
     * node), only keeps a node's anchor writes in its chain order.
     */
    private static final java.util.concurrent.ConcurrentMap<Path, Object> ANCHOR_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The PostgreSQL advisory lock of the chain's head: held until the append commits. */
    static final String CHAIN_LOCK = "wardwatch audit_log chain";
    private static final String COLUMNS = "seq, at_utc, actor, action, target, detail, prev_hash, entry_hash";

    private final Database database;
    private final AuditAnchor anchor;
    private final Clock clock;

    public JdbcAuditLog(Database database, AuditAnchor anchor, Clock clock) {
        this.database = database;
        this.anchor = anchor;
        this.clock = clock;
    }

    @Override
    public void record(String actor, String action, String target, String detail) {
        append(actor, action, target, detail);
    }

    /**
     * Appends one entry and moves the anchor to it.
     *
     * @throws IllegalArgumentException when actor or action is blank or a field is longer than its column
     * @throws StorageException         when the database refuses the entry
     */
    public AuditEntry append(String actor, String action, String target, String detail) {
        String a = checked("actor", actor, 128, true);
        String act = checked("action", action, 64, true);
        String t = checked("target", target, 256, false);
        String d = checked("detail", detail, 8000, false);
        Object lock = database.postgresql() ? ANCHOR_LOCKS.computeIfAbsent(
                anchor.file().toAbsolutePath().normalize(), f -> new Object()) : APPEND_LOCK;
        synchronized (lock) {
            return appendLocked(a, act, t, d);
        }
    }

    /** The anchor is written under the lock too, so it moves in chain order. */
    private AuditEntry appendLocked(String a, String act, String t, String d) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AuditEntry entry;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                Database.lockForTransaction(c, CHAIN_LOCK);
                long seq = 1;
                String prev = AuditEntry.GENESIS;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                     ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        seq = rs.getLong(1) + 1;
                        prev = rs.getString(2);
                    }
                }
                entry = new AuditEntry(seq, at, a, act, t, d, prev, AuditEntry.hash(seq, at, a, act, t, d, prev));
                try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setLong(1, entry.seq());
                    s.setObject(2, at.atOffset(ZoneOffset.UTC));
                    s.setString(3, a);
                    s.setString(4, act);
                    s.setString(5, t);
                    s.setString(6, d);
                    s.setString(7, prev);
                    s.setString(8, entry.entryHash());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            // On disk before the anchor moves past it: H2 writes commits up to 500 ms later, and a kill meanwhile
            // would leave an anchor ahead of the chain (verify-audit would report a truncated log).
            Database.flush(c);
        } catch (SQLException e) {
            throw new StorageException("cannot append audit entry " + act + " " + t + " to "
                    + database.describe() + ": " + e.getMessage(), e);
        }
        try {
            anchor.write(entry.seq(), entry.entryHash());
        } catch (IOException e) {
            // The entry is stored; verify-audit will say the anchor lags behind the chain.
            LOG.error("audit entry {} stored but the anchor {} could not be written: {}", entry.seq(),
                    anchor.file().toAbsolutePath(), e.getMessage());
        }
        return entry;
    }

    /** Entries matching the query, newest first. */
    public List<AuditEntry> list(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND at_utc >= ?");
            args.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND at_utc < ?");
            args.add(q.to().atOffset(ZoneOffset.UTC));
        }
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(q.limit());
        List<AuditEntry> out = new ArrayList<>();
        query(sql.toString(), args, out::add);
        return out;
    }

    /** The newest entry with {@code action}, if any. */
    public Optional<AuditEntry> latest(String action) {
        List<AuditEntry> rows = list(new AuditQuery(null, null, null, action, 1));
        return rows.stream().findFirst();
    }

    /** Every entry in seq order, one at a time (the verifier's walk; the log may be large). */
    public void forEach(Consumer<AuditEntry> each) {
        query("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq", List.of(), each);
    }

    public AuditAnchor anchor() {
        return anchor;
    }

    private void query(String sql, List<Object> args, Consumer<AuditEntry> each) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            s.setFetchSize(500);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the audit log in " + database.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String checked(String field, String value, int max, boolean required) {
        String v = value == null ? "" : value;
        if (required && v.isBlank()) {
            throw new IllegalArgumentException("audit entry needs a " + field);
        }
        if (v.length() > max) {
            throw new IllegalArgumentException("audit " + field + " is " + v.length() + " characters, at most " + max);
        }
        return v;
    }
}
