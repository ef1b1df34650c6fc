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
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.StoredZoneMinute;
import vn.wardwatch.storage.ZoneMinuteRepository;

/** Per-minute zone traffic in the {@code zone_minute} table. */
public final class JdbcZoneMinuteRepository implements ZoneMinuteRepository {

    private static final String COLUMNS = "camera_id, zone_id, minute_start_utc, utc_offset_seconds, frames,"
            + " mean_occupancy, max_occupancy, mean_people, max_people, flow, speed_px, speed_kmh, max_queue_vehicles,"
            + " mean_stationary_share, worst_level";

    private static final String VALUES = " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MERGE = "MERGE INTO zone_minute (" + COLUMNS + ") KEY (camera_id, zone_id,"
            + " minute_start_utc)" + VALUES;
    // PostgreSQL has no MERGE ... KEY: a minute written twice replaces itself through ON CONFLICT.
    private static final String UPSERT_POSTGRESQL = "INSERT INTO zone_minute (" + COLUMNS + ")" + VALUES
            + " ON CONFLICT (camera_id, zone_id, minute_start_utc) DO UPDATE SET utc_offset_seconds ="
            + " EXCLUDED.utc_offset_seconds, frames = EXCLUDED.frames, mean_occupancy = EXCLUDED.mean_occupancy,"
            + " max_occupancy = EXCLUDED.max_occupancy, mean_people = EXCLUDED.mean_people,"
            + " max_people = EXCLUDED.max_people, flow = EXCLUDED.flow, speed_px = EXCLUDED.speed_px,"
            + " speed_kmh = EXCLUDED.speed_kmh, max_queue_vehicles = EXCLUDED.max_queue_vehicles,"
            + " mean_stationary_share = EXCLUDED.mean_stationary_share, worst_level = EXCLUDED.worst_level";

    private final Database database;

    public JdbcZoneMinuteRepository(Database database) {
        this.database = database;
    }

    @Override
    public void add(StoredZoneMinute m) {
        MinuteTraffic.Summary s = m.summary();
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(database.postgresql() ? UPSERT_POSTGRESQL : MERGE)) {
            st.setString(1, m.cameraId());
            st.setString(2, m.zoneId());
            st.setObject(3, s.minuteStart().atOffset(ZoneOffset.UTC));
            st.setInt(4, m.utcOffset().getTotalSeconds());
            st.setInt(5, s.frames());
            st.setDouble(6, s.meanOccupancy());
            st.setInt(7, s.maxOccupancy());
            st.setDouble(8, s.meanPeople());
            st.setInt(9, s.maxPeople());
            st.setInt(10, s.flow());
            setNullable(st, 11, s.speedPx());
            setNullable(st, 12, s.speedKmh());
            st.setInt(13, s.maxQueueVehicles());
            st.setDouble(14, s.meanStationaryShare());
            st.setString(15, s.worstLevel().wireName());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot store the minute " + s.minuteStart() + " of zone " + m.zoneId()
                    + " of camera " + m.cameraId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredZoneMinute> list(String cameraId, String zoneId, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM zone_minute WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (cameraId != null) {
            sql.append(" AND camera_id = ?");
            args.add(cameraId);
        }
        if (zoneId != null) {
            sql.append(" AND zone_id = ?");
            args.add(zoneId);
        }
        if (from != null) {
            sql.append(" AND minute_start_utc >= ?");
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND minute_start_utc < ?");
            args.add(to.atOffset(ZoneOffset.UTC));
        }
        sql.append(" ORDER BY minute_start_utc DESC, camera_id, zone_id LIMIT ?");
        args.add(limit);
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            List<StoredZoneMinute> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredZoneMinute(rs.getString(1), rs.getString(2),
                            ZoneOffset.ofTotalSeconds(rs.getInt(4)), new MinuteTraffic.Summary(
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(5), rs.getDouble(6),
                            rs.getInt(7), rs.getDouble(8), rs.getInt(9), rs.getInt(10), nullableDouble(rs, 11),
                            nullableDouble(rs, 12), rs.getInt(13), rs.getDouble(14),
                            CongestionLevel.of(rs.getString(15)))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot list zone minutes: " + e.getMessage(), e);
        }
    }

    private static void setNullable(PreparedStatement st, int index, Double value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.DOUBLE);
        } else {
            st.setDouble(index, value);
        }
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
