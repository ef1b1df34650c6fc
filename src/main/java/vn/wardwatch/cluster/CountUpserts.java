package vn.wardwatch.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.jdbc.Database;

/**
 * Idempotent count writes for cluster mode. A worker sends, per bucket (camera, line, class, direction, minute),
 * the ABSOLUTE total it has counted in that minute, tagged with its source id (worker node id + run start, new
 * on every worker start). Here, in one transaction, the stored total for (bucket, source) is raised to the sent
 * one and count_minute gets only the difference. So:
 * <ul>
 * <li>a resend (lost ack, retry after failover) adds nothing: the same or a smaller total has no difference;</li>
 * <li>when a camera moves to another worker mid-minute, the new worker is a new source: the dead worker's
 * acknowledged part of the minute stays and the new worker's part adds to it, nothing is counted twice;</li>
 * <li>what a dead worker counted and had not had acknowledged is in its journal: the api node replays those
 * totals through this same upsert ({@link JournalReplay}), so a replay after or before a late resend adds it once.</li>
 * </ul>
 */
public final class CountUpserts {

    private static final String SELECT = "SELECT vehicle_count FROM count_minute_source WHERE camera_id = ? "
            + "AND line_id = ? AND object_class = ? AND direction = ? AND minute_start_utc = ? AND source_id = ? "
            + "FOR UPDATE";
    private static final String INSERT_SOURCE = "INSERT INTO count_minute_source (camera_id, line_id, "
            + "object_class, direction, minute_start_utc, source_id, vehicle_count) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_SOURCE = "UPDATE count_minute_source SET vehicle_count = ? WHERE "
            + "camera_id = ? AND line_id = ? AND object_class = ? AND direction = ? AND minute_start_utc = ? "
            + "AND source_id = ?";
    private static final String ADD = "UPDATE count_minute SET vehicle_count = vehicle_count + ? "
            + "WHERE camera_id = ? AND line_id = ? AND object_class = ? AND direction = ? AND minute_start_utc = ?";
    private static final String INSERT = "INSERT INTO count_minute (camera_id, line_id, object_class, direction, "
            + "minute_start_utc, utc_offset_seconds, vehicle_count) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Database database;

    public CountUpserts(Database database) {
        this.database = database;
    }

    /** Raises the stored totals of {@code sourceId} to the buckets' absolute counts; returns the counts added. */
    public synchronized long upsertTotals(String sourceId, List<CountBucket> totals, ZoneOffset cameraOffset) {
        if (totals.isEmpty()) {
            return 0;
        }
        long added = 0;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                for (CountBucket b : totals) {
                    added += upsertOne(c, sourceId, b, cameraOffset);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            Database.flush(c);
        } catch (SQLException e) {
            throw new StorageException("cannot store " + totals.size() + " count totals from " + sourceId + ": "
                    + e.getMessage(), e);
        }
        return added;
    }

    private static long upsertOne(Connection c, String sourceId, CountBucket b, ZoneOffset offset)
            throws SQLException {
        OffsetDateTime minute = b.minuteStart().atOffset(ZoneOffset.UTC);
        Long stored = null;
        try (PreparedStatement s = c.prepareStatement(SELECT)) {
            bindKey(s, 1, b, minute);
            s.setString(6, sourceId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    stored = rs.getLong(1);
                }
            }
        }
        long delta = stored == null ? b.count() : b.count() - stored;
        if (delta <= 0) {
            return 0; // a resend or an older total: already counted
        }
        if (stored == null) {
            try (PreparedStatement s = c.prepareStatement(INSERT_SOURCE)) {
                bindKey(s, 1, b, minute);
                s.setString(6, sourceId);
                s.setLong(7, b.count());
                s.executeUpdate();
            }
        } else {
            try (PreparedStatement s = c.prepareStatement(UPDATE_SOURCE)) {
                s.setLong(1, b.count());
                bindKey(s, 2, b, minute);
                s.setString(7, sourceId);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement(ADD)) {
            s.setLong(1, delta);
            bindKey(s, 2, b, minute);
            if (s.executeUpdate() == 0) {
                try (PreparedStatement i = c.prepareStatement(INSERT)) {
                    bindKey(i, 1, b, minute);
                    i.setInt(6, offset.getTotalSeconds());
                    i.setLong(7, delta);
                    i.executeUpdate();
                }
            }
        }
        return delta;
    }

    private static void bindKey(PreparedStatement s, int first, CountBucket b, OffsetDateTime minute)
            throws SQLException {
        s.setString(first, b.cameraId());
        s.setString(first + 1, b.lineId());
        s.setString(first + 2, b.objectClass().wireName());
        s.setString(first + 3, b.direction());
        s.setObject(first + 4, minute);
    }
}
