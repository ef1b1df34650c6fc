package vn.wardwatch.storage.jdbc;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.WarningRepository;
import vn.wardwatch.warning.Warning;

/** Warnings in the {@code warning} table (V5). */
public final class JdbcWarningRepository implements WarningRepository {

    private static final String COLUMNS = "id, camera_id, zone_id, kind, state, level, raised_at_utc, updated_at_utc,"
            + " cleared_at_utc, utc_offset_seconds, metrics_json, snapshot_file";
    // The snapshot of the raise is kept when a later state comes without one.
    private static final String MERGE = "MERGE INTO warning t USING (VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))"
            + " AS s(" + COLUMNS + ") ON t.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET t.state = s.state, t.level = s.level, t.updated_at_utc = s.updated_at_utc,"
            + " t.cleared_at_utc = s.cleared_at_utc, t.metrics_json = s.metrics_json,"
            + " t.snapshot_file = COALESCE(s.snapshot_file, t.snapshot_file)"
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.id, s.camera_id, s.zone_id, s.kind, s.state,"
            + " s.level, s.raised_at_utc, s.updated_at_utc, s.cleared_at_utc, s.utc_offset_seconds, s.metrics_json,"
            + " s.snapshot_file)";
    // PostgreSQL 14 has no MERGE: the same upsert as INSERT ... ON CONFLICT.
    private static final String UPSERT_POSTGRESQL = "INSERT INTO warning AS t (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, level = EXCLUDED.level,"
            + " updated_at_utc = EXCLUDED.updated_at_utc, cleared_at_utc = EXCLUDED.cleared_at_utc,"
            + " metrics_json = EXCLUDED.metrics_json, snapshot_file = COALESCE(EXCLUDED.snapshot_file, t.snapshot_file)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM warning";

    private final Database database;

    public JdbcWarningRepository(Database database) {
        this.database = database;
    }

    @Override
    public void save(StoredWarning stored) {
        Warning w = stored.warning();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(database.postgresql() ? UPSERT_POSTGRESQL : MERGE)) {
            s.setString(1, w.id());
            s.setString(2, w.cameraId());
            s.setString(3, w.zoneId());
            s.setString(4, w.kind());
            s.setString(5, w.state());
            s.setString(6, w.level());
            s.setObject(7, w.raisedAt().atOffset(ZoneOffset.UTC));
            s.setObject(8, w.frameAt().atOffset(ZoneOffset.UTC));
            s.setObject(9, w.clearedAt() == null ? null : w.clearedAt().atOffset(ZoneOffset.UTC));
            s.setInt(10, stored.utcOffset().getTotalSeconds());
            s.setString(11, new JsonObject(w.metrics()).encode());
            s.setString(12, stored.snapshotFile());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot store warning " + w.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredWarning> find(String id) {
        return select(SELECT + " WHERE id = ?", List.of(id)).stream().findFirst();
    }

    @Override
    public List<StoredWarning> list(WarningQuery q) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.active() != null) {
            sql.append(q.active() ? " AND cleared_at_utc IS NULL" : " AND cleared_at_utc IS NOT NULL");
        }
        if (q.cameraId() != null) {
            sql.append(" AND camera_id = ?");
            args.add(q.cameraId());
        }
        if (q.zoneId() != null) {
            sql.append(" AND zone_id = ?");
            args.add(q.zoneId());
        }
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(q.kind());
        }
        if (q.from() != null) {
            sql.append(" AND raised_at_utc >= ?");
            args.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND raised_at_utc < ?");
            args.add(q.to().atOffset(ZoneOffset.UTC));
        }
        sql.append(" ORDER BY raised_at_utc DESC, id DESC LIMIT ").append(q.limit());
        return select(sql.toString(), args);
    }

    private List<StoredWarning> select(String sql, List<Object> args) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<StoredWarning> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Instant cleared = instant(r, "cleared_at_utc");
                    String snapshot = r.getString("snapshot_file");
                    Warning w = new Warning(r.getString("id"), r.getString("camera_id"), r.getString("zone_id"),
                            r.getString("kind"), r.getString("state"), r.getString("level"),
                            instant(r, "raised_at_utc"), cleared, instant(r, "updated_at_utc"),
                            new JsonObject(r.getString("metrics_json")).getMap(), snapshot != null);
                    out.add(new StoredWarning(w, ZoneOffset.ofTotalSeconds(r.getInt("utc_offset_seconds")),
                            snapshot));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read warnings: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
