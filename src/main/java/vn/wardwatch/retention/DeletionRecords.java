package vn.wardwatch.retention;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import vn.wardwatch.audit.AuditTrail;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.jdbc.Database;

/**
 * No silent deletion (issue 8): every deletion of stored data first writes a {@code deletion_record} row (who, what,
 * why, the SHA-256 and size of each file) and a {@code data.deleted} audit entry; only then may the files and rows go.
 * The audit entry carries the SHA-256 of the record's file list, which ties the record into the audit chain.
 */
public final class DeletionRecords {

    /** The actor of deletions retention makes on its own. */
    public static final String RETENTION = "system:retention";
    public static final String AUDIT_ACTION = "data.deleted";

    private final Database database;
    private final AuditTrail audit;
    private final Clock clock;

    public DeletionRecords(Database database, AuditTrail audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Writes the record and its audit entry.
     *
     * @return the record's id
     * @throws StorageException when the record cannot be written (then nothing may be deleted)
     */
    public long record(String actor, String kind, String itemId, String reason, List<DeletedFile> files) {
        JsonArray list = new JsonArray();
        long bytes = 0;
        for (DeletedFile f : files) {
            list.add(new JsonObject().put("path", f.path()).put("sha256", f.sha256()).put("bytes", f.bytes()));
            bytes += f.bytes();
        }
        String filesJson = list.encode();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long id;
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement("INSERT INTO"
                + " deletion_record (at_utc, actor, kind, item_id, reason, files_json, bytes) VALUES (?, ?, ?, ?, ?,"
                + " ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setObject(1, at.atOffset(ZoneOffset.UTC));
            s.setString(2, actor);
            s.setString(3, kind);
            s.setString(4, itemId);
            s.setString(5, reason);
            s.setString(6, filesJson);
            s.setLong(7, bytes);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot write the deletion record of " + kind + " " + itemId + ": "
                    + e.getMessage(), e);
        }
        audit.record(actor, AUDIT_ACTION, kind + ":" + itemId, new JsonObject().put("record", id)
                .put("reason", reason).put("files", files.size()).put("bytes", bytes)
                .put("files_sha256", sha256(filesJson.getBytes(StandardCharsets.UTF_8))).encode());
        return id;
    }

    /** Records of one kind (all kinds when null), oldest first. */
    public List<DeletionRecord> list(String kind) {
        String sql = "SELECT id, at_utc, actor, kind, item_id, reason, files_json, bytes FROM deletion_record"
                + (kind == null ? "" : " WHERE kind = ?") + " ORDER BY id";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (kind != null) {
                s.setString(1, kind);
            }
            List<DeletionRecord> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeletionRecord(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getLong(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot read deletion records: " + e.getMessage(), e);
        }
    }

    /** The file as its record describes it; {@code path} is what the record shows. */
    static DeletedFile describe(Path file, String path) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long size = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                size += n;
            }
            return new DeletedFile(path, HexFormat.of().formatHex(md.digest()), size);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
