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
import vn.wardwatch.storage.CameraStateRepository;
import vn.wardwatch.storage.StorageException;

/** Camera state history in the {@code camera_state_change} table. */
public final class JdbcCameraStateRepository implements CameraStateRepository {

    private final Database database;

    public JdbcCameraStateRepository(Database database) {
        this.database = database;
    }

    @Override
    public void record(String cameraId, String state, Instant at, ZoneOffset offset, String detail) {
        String sql = "INSERT INTO camera_state_change (camera_id, state, changed_at_utc, utc_offset_seconds, detail) "
                + "VALUES (?, ?, ?, ?, ?)";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, cameraId);
            s.setString(2, state);
            s.setObject(3, at.atOffset(ZoneOffset.UTC));
            s.setInt(4, offset.getTotalSeconds());
            s.setString(5, detail == null ? null : truncate(detail, 1000));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot record state " + state + " of camera " + cameraId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<CameraStateChange> recent(String cameraId, int limit) {
        String sql = "SELECT state, changed_at_utc, detail FROM camera_state_change WHERE camera_id = ? "
                + "ORDER BY changed_at_utc DESC, id DESC LIMIT ?";
        List<CameraStateChange> out = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, cameraId);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new CameraStateChange(cameraId, rs.getString(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read state history of camera " + cameraId + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
