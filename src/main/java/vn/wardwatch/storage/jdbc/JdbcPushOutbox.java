package vn.wardwatch.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import vn.wardwatch.storage.StorageException;

/** The webhook outbox in the {@code push_outbox} table (V4): one row per message and target. */
public final class JdbcPushOutbox {

    /** A row waiting for delivery. */
    public record Row(long id, String targetId, String messageId, String eventType, String orderKey, String body,
                      Instant eventAt, int attempts, Instant nextAttemptAt) {
    }

    /** One message for one target, as stored. */
    public record NewRow(String targetId, String messageId, String eventType, String orderKey, String body,
                         Instant eventAt) {
    }

    private final Database database;

    public JdbcPushOutbox(Database database) {
        this.database = database;
    }

    /** Stores the rows of one message together (all targets or none). */
    public void add(List<NewRow> rows, Instant now) {
        String sql = "INSERT INTO push_outbox (target_id, message_id, event_type, order_key, body, event_at, "
                + "created_at, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)";
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (NewRow r : rows) {
                    s.setString(1, r.targetId());
                    s.setString(2, r.messageId());
                    s.setString(3, r.eventType());
                    s.setString(4, truncate(r.orderKey(), 200));
                    s.setString(5, r.body());
                    s.setObject(6, r.eventAt() == null ? null : r.eventAt().atOffset(ZoneOffset.UTC));
                    s.setObject(7, now.atOffset(ZoneOffset.UTC));
                    s.setObject(8, now.atOffset(ZoneOffset.UTC));
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot store push message " + (rows.isEmpty() ? "" : rows.get(0).messageId())
                    + " in the outbox: " + e.getMessage(), e);
        }
    }

    /**
     * The oldest pending row of every (target, order key), due or not: only a head may be sent, so a failing head
     * holds back its own key and no other.
     */
    public List<Row> heads(int limit) {
        String sql = "SELECT id, target_id, message_id, event_type, order_key, body, event_at, attempts, "
                + "next_attempt_at FROM push_outbox WHERE status = 'pending' AND id IN (SELECT MIN(id) FROM "
                + "push_outbox WHERE status = 'pending' GROUP BY target_id, order_key) ORDER BY id LIMIT ?";
        List<Row> out = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the push outbox: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The oldest pending row of one (target, order key), or null: what follows a delivered head. MIN over the index
     * first, then one row: H2 would otherwise read every pending row of the key to sort them.
     */
    public Row head(String targetId, String orderKey) {
        String sql = "SELECT id, target_id, message_id, event_type, order_key, body, event_at, attempts, "
                + "next_attempt_at FROM push_outbox WHERE id = (SELECT MIN(id) FROM push_outbox "
                + "WHERE status = 'pending' AND target_id = ? AND order_key = ?)";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, targetId);
            s.setString(2, orderKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the push outbox: " + e.getMessage(), e);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        OffsetDateTime eventAt = rs.getObject(7, OffsetDateTime.class);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), eventAt == null ? null : eventAt.toInstant(), rs.getInt(8),
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }

    public void delivered(long id, int httpStatus, Instant now) {
        finish(id, "delivered", httpStatus, null, now);
    }

    /** Given up on (a 4xx other than 408/429): kept, with the reason, for audit. */
    public void dead(long id, Integer httpStatus, String error, Instant now) {
        finish(id, "dead", httpStatus, error, now);
    }

    public void retryLater(long id, int attempts, Instant next, Integer httpStatus, String error) {
        update("UPDATE push_outbox SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ? "
                + "WHERE id = ?", id, s -> {
            s.setInt(1, attempts);
            s.setObject(2, next.atOffset(ZoneOffset.UTC));
            setStatus(s, 3, httpStatus);
            s.setString(4, error == null ? null : truncate(error, 1000));
            s.setLong(5, id);
        });
    }

    private void finish(long id, String status, Integer httpStatus, String error, Instant now) {
        update("UPDATE push_outbox SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, "
                + "finished_at = ? WHERE id = ?", id, s -> {
            s.setString(1, status);
            setStatus(s, 2, httpStatus);
            s.setString(3, error == null ? null : truncate(error, 1000));
            s.setObject(4, now.atOffset(ZoneOffset.UTC));
            s.setLong(5, id);
        });
    }

    public long pendingCount() {
        try (Connection c = database.connection(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM push_outbox WHERE status = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageException("cannot count the push outbox: " + e.getMessage(), e);
        }
    }

    /** Counts rows by status for one target: for tests and audit. */
    public long count(String targetId, String status) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM push_outbox WHERE target_id = ? AND status = ?")) {
            s.setString(1, targetId);
            s.setString(2, status);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot count the push outbox: " + e.getMessage(), e);
        }
    }

    /** Deletes delivered and dead rows finished before {@code before}; pending rows are never pruned. */
    public int prune(Instant before) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM push_outbox WHERE status <> 'pending' AND finished_at < ?")) {
            s.setObject(1, before.atOffset(ZoneOffset.UTC));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot prune the push outbox: " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void update(String sql, long id, Binder binder) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot update push outbox row " + id + ": " + e.getMessage(), e);
        }
    }

    private static void setStatus(PreparedStatement s, int index, Integer status) throws SQLException {
        if (status == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, status);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
