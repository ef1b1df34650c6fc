package vn.wardwatch.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.recording.RecordingGap;
import vn.wardwatch.recording.RecordingRepository;
import vn.wardwatch.storage.StorageException;

/** Recording index in the {@code recording_*} tables (V7). */
public final class JdbcRecordingRepository implements RecordingRepository {

    private static final String SEGMENT_COLUMNS = "id, camera_id, start_utc, end_utc, file, size_bytes, sha256,"
            + " protected, partial, clock_jump, declared_fps, delivered_fps";

    private final Database database;

    public JdbcRecordingRepository(Database database) {
        this.database = database;
    }

    @Override
    public RecordedSegment addSegment(RecordedSegment s) {
        String sql = "INSERT INTO recording_segment (camera_id, start_utc, end_utc, file, size_bytes, sha256, protected,"
                + " partial, clock_jump, declared_fps, delivered_fps) VALUES (?, ?, ?, ?, ?, ?,"
                + " ? OR EXISTS (SELECT 1 FROM recording_hold h WHERE h.camera_id = ? AND h.start_utc <= ?"
                + " AND h.end_utc >= ?), ?, ?, ?, ?)";
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            st.setString(1, s.cameraId());
            st.setObject(2, utc(s.start()));
            st.setObject(3, utc(s.end()));
            st.setString(4, s.file());
            st.setLong(5, s.sizeBytes());
            st.setString(6, s.sha256());
            st.setBoolean(7, s.protectedFlag());
            st.setString(8, s.cameraId());
            st.setObject(9, utc(s.end()));
            st.setObject(10, utc(s.start()));
            st.setBoolean(11, s.partial());
            st.setBoolean(12, s.clockJump());
            setNullable(st, 13, s.declaredFps());
            setNullable(st, 14, s.deliveredFps());
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return s.withId(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw new StorageException("cannot index segment " + s.file() + " of camera " + s.cameraId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void addGap(RecordingGap g) {
        update("cannot store a recording gap of camera " + g.cameraId(),
                "INSERT INTO recording_gap (camera_id, start_utc, end_utc, reason) VALUES (?, ?, ?, ?)",
                g.cameraId(), utc(g.start()), utc(g.end()), fit(g.reason(), REASON_CHARS));
    }

    /** The reason column's width: ffmpeg's last stderr lines can be longer, and a gap must not be lost for that. */
    static final int REASON_CHARS = 200;

    static String fit(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Override
    public Instant lastSegmentEnd(String cameraId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT MAX(end_utc) FROM recording_segment WHERE camera_id = ?")) {
            st.setString(1, cameraId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                // Deleted segments still count: the recording was continuous up to there.
                Instant deleted = lastDeletedEnd(c, cameraId);
                Instant last = t == null ? null : t.toInstant();
                if (deleted != null && (last == null || deleted.isAfter(last))) {
                    return deleted;
                }
                return last;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the last segment of camera " + cameraId + ": " + e.getMessage(), e);
        }
    }

    private static Instant lastDeletedEnd(Connection c, String cameraId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT MAX(end_utc) FROM recording_deletion WHERE camera_id = ?")) {
            st.setString(1, cameraId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        }
    }

    @Override
    public List<RecordedSegment> segments(String cameraId, Instant from, Instant to) {
        return querySegments("SELECT " + SEGMENT_COLUMNS + " FROM recording_segment WHERE camera_id = ?"
                + " AND end_utc > ? AND start_utc < ? ORDER BY start_utc", cameraId, utc(from), utc(to));
    }

    @Override
    public List<RecordingGap> gaps(String cameraId, Instant from, Instant to) {
        List<RecordingGap> gaps = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT start_utc, end_utc, reason FROM recording_gap"
                     + " WHERE camera_id = ? AND end_utc > ? AND start_utc < ? ORDER BY start_utc")) {
            st.setString(1, cameraId);
            st.setObject(2, utc(from));
            st.setObject(3, utc(to));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new RecordingGap(cameraId, instant(rs, 1), instant(rs, 2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot list recording gaps of camera " + cameraId + ": " + e.getMessage(), e);
        }
        return gaps;
    }

    @Override
    public int hold(String cameraId, Instant from, Instant to, String reason) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO recording_hold (camera_id, start_utc, end_utc, reason) VALUES (?, ?, ?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE recording_segment SET protected = TRUE"
                         + " WHERE camera_id = ? AND start_utc <= ? AND end_utc >= ?")) {
                ins.setString(1, cameraId);
                ins.setObject(2, utc(from));
                ins.setObject(3, utc(to));
                ins.setString(4, reason);
                ins.executeUpdate();
                upd.setString(1, cameraId);
                upd.setObject(2, utc(to));
                upd.setObject(3, utc(from));
                int n = upd.executeUpdate();
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot hold the recording of camera " + cameraId + " from " + from + " to "
                    + to + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RecordedSegment> oldestUnprotected(String cameraId, int limit) {
        return querySegments("SELECT " + SEGMENT_COLUMNS + " FROM recording_segment WHERE camera_id = ?"
                + " AND protected = FALSE ORDER BY start_utc LIMIT ?", cameraId, limit);
    }

    @Override
    public long totalBytes(String cameraId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT COALESCE(SUM(size_bytes), 0) FROM recording_segment WHERE camera_id = ?")) {
            st.setString(1, cameraId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot sum the recordings of camera " + cameraId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RecordedSegment> unreviewedEventSegments(String cameraId, Instant endedBefore, int limit) {
        return querySegments("SELECT " + SEGMENT_COLUMNS + " FROM recording_segment WHERE camera_id = ?"
                + " AND protected = FALSE AND event_kept = FALSE AND end_utc < ? ORDER BY start_utc LIMIT ?",
                cameraId, utc(endedBefore), limit);
    }

    @Override
    public void markPartial(long segmentId) {
        update("cannot mark segment " + segmentId + " partial",
                "UPDATE recording_segment SET partial = TRUE WHERE id = ?", segmentId);
    }

    /**
     * A worker's segment (cluster): stored unless its file is indexed or was deleted by retention already, so a
     * resend or a journal replay never indexes it twice nor brings a deleted one back. True when stored now.
     */
    public boolean addSegmentIfNew(RecordedSegment s) {
        if (exists("SELECT 1 FROM recording_segment WHERE file = ? UNION ALL SELECT 1 FROM recording_deletion"
                + " WHERE file = ?", s.file(), s.file())) {
            return false;
        }
        addSegment(s);
        return true;
    }

    /**
     * A worker's gap (cluster): stored unless the camera has a gap starting at the same instant (within the
     * column's millisecond; two real gaps of a camera never start that close: each is over 200 ms long).
     */
    public boolean addGapIfNew(RecordingGap g) {
        // No unique key holds a gap: on PostgreSQL two api nodes storing the same one at once (a slow request and
        // its resend) take the camera's advisory lock, so the second finds the first's row.
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                Database.lockForTransaction(c, "wardwatch recording_gap " + g.cameraId());
                boolean found;
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT 1 FROM recording_gap WHERE camera_id = ? AND start_utc BETWEEN ? AND ?")) {
                    st.setString(1, g.cameraId());
                    st.setObject(2, utc(g.start().minusMillis(1)));
                    st.setObject(3, utc(g.start().plusMillis(1)));
                    try (ResultSet rs = st.executeQuery()) {
                        found = rs.next();
                    }
                }
                if (!found) {
                    try (PreparedStatement st = c.prepareStatement("INSERT INTO recording_gap (camera_id, start_utc,"
                            + " end_utc, reason) VALUES (?, ?, ?, ?)")) {
                        st.setString(1, g.cameraId());
                        st.setObject(2, utc(g.start()));
                        st.setObject(3, utc(g.end()));
                        st.setString(4, fit(g.reason(), REASON_CHARS));
                        st.executeUpdate();
                    }
                }
                c.commit();
                return !found;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot store a recording gap of camera " + g.cameraId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A worker's partial mark (cluster), by the segment's file: repeating it changes nothing. */
    public void markPartial(String file) {
        update("cannot mark segment " + file + " partial",
                "UPDATE recording_segment SET partial = TRUE WHERE file = ?", file);
    }

    private boolean exists(String sql, Object... args) {
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the recording index: " + e.getMessage(), e);
        }
    }

    @Override
    public void markEventKept(long segmentId) {
        update("cannot mark segment " + segmentId + " kept",
                "UPDATE recording_segment SET event_kept = TRUE WHERE id = ?", segmentId);
    }

    @Override
    public void recordDeletion(RecordedSegment s, String reason, Instant deletedAt) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM recording_segment WHERE id = ? AND protected = FALSE");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO recording_deletion (camera_id, start_utc,"
                         + " end_utc, file, size_bytes, sha256, reason, deleted_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setLong(1, s.id());
                if (del.executeUpdate() != 1) {
                    c.rollback();
                    throw new StorageException("segment " + s.file() + " of camera " + s.cameraId()
                            + " is protected or already gone; not deleted", null);
                }
                ins.setString(1, s.cameraId());
                ins.setObject(2, utc(s.start()));
                ins.setObject(3, utc(s.end()));
                ins.setString(4, s.file());
                ins.setLong(5, s.sizeBytes());
                ins.setString(6, s.sha256());
                ins.setString(7, reason);
                ins.setObject(8, utc(deletedAt));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot record the deletion of " + s.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> deletions(String cameraId) {
        List<String> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT file, reason FROM recording_deletion"
                     + " WHERE camera_id = ? ORDER BY id")) {
            st.setString(1, cameraId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot list deletions of camera " + cameraId + ": " + e.getMessage(), e);
        }
        return out;
    }

    private List<RecordedSegment> querySegments(String sql, Object... args) {
        List<RecordedSegment> out = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordedSegment(rs.getLong(1), rs.getString(2), instant(rs, 3), instant(rs, 4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getBoolean(8), rs.getBoolean(9),
                            rs.getBoolean(10), nullableDouble(rs, 11), nullableDouble(rs, 12)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read recorded segments: " + e.getMessage(), e);
        }
        return out;
    }

    private void update(String what, String sql, Object... args) {
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(what + ": " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static void setNullable(PreparedStatement st, int index, Double v) throws SQLException {
        if (v == null) {
            st.setNull(index, Types.DOUBLE);
        } else {
            st.setDouble(index, v);
        }
    }
}
