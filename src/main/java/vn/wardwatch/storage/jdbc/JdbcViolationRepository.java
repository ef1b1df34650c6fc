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
import java.util.Optional;
import vn.wardwatch.storage.ReviewConflictException;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.ViolationRepository;
import vn.wardwatch.storage.ViolationReview;

/** Violations in the {@code violation} table, their reviews in {@code violation_review}. */
public final class JdbcViolationRepository implements ViolationRepository {

    private static final String COLUMNS = "id, camera_id, violation_type, status, occurred_at_utc, utc_offset_seconds,"
            + " track_id, object_class, place_id, lane_id, signal_state, signal_source, geometry_hash, plate_text,"
            + " plate_characters, plate_confidence, package_dir, manifest_sha256, created_at_utc";
    private static final String INSERT = "INSERT INTO violation (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM violation";

    private final Database database;

    public JdbcViolationRepository(Database database) {
        this.database = database;
    }

    @Override
    public void add(StoredViolation v) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, v.id());
            s.setString(2, v.cameraId());
            s.setString(3, v.type());
            s.setString(4, v.status());
            s.setObject(5, v.occurredAt().atOffset(ZoneOffset.UTC));
            s.setInt(6, v.utcOffset().getTotalSeconds());
            s.setLong(7, v.trackId());
            s.setString(8, v.objectClass());
            s.setString(9, v.placeId());
            s.setString(10, v.laneId());
            s.setString(11, v.signalState());
            s.setString(12, v.signalSource());
            s.setString(13, v.geometryHash());
            s.setString(14, v.plateText());
            s.setString(15, v.plateCharacters());
            if (v.plateConfidence() == null) {
                s.setNull(16, Types.DOUBLE);
            } else {
                s.setDouble(16, v.plateConfidence());
            }
            s.setString(17, v.packageDir());
            s.setString(18, v.manifestSha256());
            s.setObject(19, v.createdAt().atOffset(ZoneOffset.UTC));
            s.executeUpdate();
            // Enforcement data, announced as soon as this returns: on disk first.
            Database.flush(c);
        } catch (SQLException e) {
            throw new StorageException("cannot store violation " + v.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredViolation> find(String id) {
        try (Connection c = database.connection()) {
            return find(c, id);
        } catch (SQLException e) {
            throw new StorageException("cannot read violation " + id + ": " + e.getMessage(), e);
        }
    }

    private static Optional<StoredViolation> find(Connection c, String id) throws SQLException {
        List<StoredViolation> rows = select(c, SELECT + " WHERE id = ?", List.of(id));
        return rows.stream().findFirst();
    }

    @Override
    public List<StoredViolation> list(ViolationQuery q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.cameraId() != null) {
            sql.append(" AND camera_id = ?");
            args.add(q.cameraId());
        }
        if (q.type() != null) {
            sql.append(" AND violation_type = ?");
            args.add(q.type());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.plateCharacters() != null) {
            sql.append(" AND plate_characters = ?");
            args.add(q.plateCharacters());
        }
        if (q.from() != null) {
            sql.append(" AND occurred_at_utc >= ?");
            args.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at_utc < ?");
            args.add(q.to().atOffset(ZoneOffset.UTC));
        }
        if (q.after() != null) {
            // Keyset paging: strictly older than the cursor row in (time, id) order.
            sql.append(" AND (occurred_at_utc < ? OR (occurred_at_utc = ? AND id < ?))");
            OffsetDateTime at = q.after().occurredAt().atOffset(ZoneOffset.UTC);
            args.add(at);
            args.add(at);
            args.add(q.after().id());
        }
        sql.append(" ORDER BY occurred_at_utc DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (Connection c = database.connection()) {
            return select(c, sql.toString(), args);
        } catch (SQLException e) {
            throw new StorageException("cannot list violations: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredViolation> review(ViolationReview r) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                // The row lock makes two officers' simultaneous reviews take turns; the second sees the first.
                List<StoredViolation> rows = select(c, SELECT + " WHERE id = ? FOR UPDATE", List.of(r.violationId()));
                if (rows.isEmpty()) {
                    c.rollback();
                    return Optional.empty();
                }
                StoredViolation v = rows.get(0);
                if (!StoredViolation.NEW.equals(v.status())) {
                    c.rollback();
                    throw new ReviewConflictException(v.id(), v.status());
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO violation_review (violation_id,"
                        + " reviewer, decision, reason_code, note, reviewed_at_utc) VALUES (?, ?, ?, ?, ?, ?)");
                     PreparedStatement update = c.prepareStatement("UPDATE violation SET status = ? WHERE id = ?")) {
                    insert.setString(1, r.violationId());
                    insert.setString(2, r.reviewer());
                    insert.setString(3, r.decision());
                    insert.setString(4, r.reasonCode());
                    insert.setString(5, r.note());
                    insert.setObject(6, r.reviewedAt().atOffset(ZoneOffset.UTC));
                    insert.executeUpdate();
                    update.setString(1, r.decision());
                    update.setString(2, r.violationId());
                    update.executeUpdate();
                }
                c.commit();
                Database.flush(c); // an officer's decision must survive a crash right after it was accepted
                return find(c, r.violationId());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot store review of violation " + r.violationId() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<ViolationReview> reviews(String violationId) {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT violation_id, reviewer, decision, reason_code, note,"
                     + " reviewed_at_utc FROM violation_review WHERE violation_id = ? ORDER BY id")) {
            s.setString(1, violationId);
            List<ViolationReview> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ViolationReview(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read reviews of violation " + violationId + ": " + e.getMessage(), e);
        }
    }

    private static List<StoredViolation> select(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<StoredViolation> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double confidence = rs.getDouble(16);
                    Double plateConfidence = rs.wasNull() ? null : confidence;
                    out.add(new StoredViolation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs, 5), ZoneOffset.ofTotalSeconds(rs.getInt(6)), rs.getLong(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                            rs.getString(14), rs.getString(15), plateConfidence, rs.getString(17), rs.getString(18),
                            instant(rs, 19)));
                }
            }
            return out;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
