package vn.wardwatch.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRepository;
import vn.wardwatch.storage.CountRow;
import vn.wardwatch.storage.StorageException;

/** Per-minute counts in the {@code count_minute} table. */
public final class JdbcCountRepository implements CountRepository {

    private static final String UPDATE = "UPDATE count_minute SET vehicle_count = vehicle_count + ? "
            + "WHERE camera_id = ? AND line_id = ? AND object_class = ? AND direction = ? AND minute_start_utc = ?";
    private static final String INSERT = "INSERT INTO count_minute (camera_id, line_id, object_class, direction, "
            + "minute_start_utc, utc_offset_seconds, vehicle_count) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final Database database;

    public JdbcCountRepository(Database database) {
        this.database = database;
    }

    @Override
    public void add(List<CountBucket> buckets, ZoneOffset cameraOffset) {
        if (buckets.isEmpty()) {
            return;
        }
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(UPDATE);
                 PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (CountBucket b : buckets) {
                    OffsetDateTime minute = b.minuteStart().atOffset(ZoneOffset.UTC);
                    update.setLong(1, b.count());
                    update.setString(2, b.cameraId());
                    update.setString(3, b.lineId());
                    update.setString(4, b.objectClass().wireName());
                    update.setString(5, b.direction());
                    update.setObject(6, minute);
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, b.cameraId());
                        insert.setString(2, b.lineId());
                        insert.setString(3, b.objectClass().wireName());
                        insert.setString(4, b.direction());
                        insert.setObject(5, minute);
                        insert.setInt(6, cameraOffset.getTotalSeconds());
                        insert.setLong(7, b.count());
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            // On disk now, or an error the count writer retries: on a full disk H2's delayed write would otherwise
            // lose an accepted batch without a word (faults/StorageUnwritableFaultTest).
            Database.flush(c);
        } catch (SQLException e) {
            throw new StorageException("cannot store " + buckets.size() + " count buckets: " + e.getMessage(), e);
        }
    }

    @Override
    public List<CountRow> query(CountQuery q) {
        StringBuilder sql = new StringBuilder("SELECT camera_id, line_id, object_class, direction, minute_start_utc, "
                + "vehicle_count FROM count_minute WHERE minute_start_utc >= ? AND minute_start_utc < ?");
        List<Object> args = new ArrayList<>();
        args.add(q.from().atOffset(ZoneOffset.UTC));
        args.add(q.to().atOffset(ZoneOffset.UTC));
        if (q.cameraId() != null) {
            sql.append(" AND camera_id = ?");
            args.add(q.cameraId());
        }
        if (q.lineId() != null) {
            sql.append(" AND line_id = ?");
            args.add(q.lineId());
        }
        if (q.objectClass() != null) {
            sql.append(" AND object_class = ?");
            args.add(q.objectClass().wireName());
        }
        if (q.direction() != null) {
            sql.append(" AND direction = ?");
            args.add(q.direction());
        }
        long intervalMillis = q.interval().toMillis();
        long fromMillis = q.from().toEpochMilli();
        // Sorted by bucket, then by the series key, so the answer's order is stable.
        Map<String, CountRow> buckets = new TreeMap<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant minute = rs.getObject(5, OffsetDateTime.class).toInstant();
                    long index = (minute.toEpochMilli() - fromMillis) / intervalMillis;
                    Instant bucketStart = Instant.ofEpochMilli(fromMillis + index * intervalMillis);
                    String camera = rs.getString(1);
                    String line = rs.getString(2);
                    ObjectClass cls = ObjectClass.fromWireName(rs.getString(3)).orElseThrow();
                    String direction = rs.getString(4);
                    long count = rs.getLong(6);
                    String key = String.format("%020d|%s|%s|%s|%s", bucketStart.toEpochMilli(), camera, line,
                            cls.wireName(), direction);
                    buckets.merge(key, new CountRow(bucketStart, camera, line, cls, direction, count),
                            (a, b) -> new CountRow(a.bucketStart(), camera, line, cls, direction,
                                    a.count() + b.count()));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot query counts: " + e.getMessage(), e);
        }
        return new ArrayList<>(buckets.values());
    }
}
