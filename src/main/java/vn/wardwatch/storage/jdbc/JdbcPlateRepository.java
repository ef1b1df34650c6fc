package vn.wardwatch.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.PlateRepository;
import vn.wardwatch.storage.PlateSearch;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.StoredPlate;

/** Voted plates in the {@code plate_read} table, their runner-ups in {@code plate_runner_up}. */
public final class JdbcPlateRepository implements PlateRepository {

    private static final String INSERT = "INSERT INTO plate_read (camera_id, seen_at_utc, utc_offset_seconds, "
            + "track_id, reason, plate_text, characters, layout, colour, confidence, valid, support, read_count, "
            + "agreeing_reads, crop_file, source_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RUNNER_UP = "INSERT INTO plate_runner_up (plate_id, ordinal, plate_text, "
            + "characters, support, read_count) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String COLUMNS = "SELECT id, camera_id, seen_at_utc, utc_offset_seconds, track_id, reason, "
            + "plate_text, characters, layout, colour, confidence, valid, support, read_count, agreeing_reads, "
            + "crop_file FROM plate_read";
    // Columns are sized for any plate; longer OCR output is garbage and is cut rather than lost with the row.
    private static final int TEXT_MAX = 64;

    private final Database database;

    public JdbcPlateRepository(Database database) {
        this.database = database;
    }

    @Override
    public long add(PlateSighting s, String cropFile) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                long id = insert(c, s, cropFile, null);
                c.commit();
                return id;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw notStored(s, e);
        }
    }

    /** Find-then-insert in one transaction; the unique index on the key stops a concurrent second insert. */
    @Override
    public boolean addOnce(String key, PlateSighting s, String cropFile) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement find = c.prepareStatement("SELECT id FROM plate_read WHERE source_key = ?")) {
                find.setString(1, key);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        c.rollback();
                        return false;
                    }
                }
                insert(c, s, cropFile, key);
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw notStored(s, e);
        }
    }

    /** The row and its runner-ups, inside the caller's transaction; returns the new id. */
    private static long insert(Connection c, PlateSighting s, String cropFile, String key) throws SQLException {
        PlateVote p = s.plate();
        try (PreparedStatement insert = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS);
             PreparedStatement runnerUp = c.prepareStatement(INSERT_RUNNER_UP)) {
            insert.setString(1, s.cameraId());
            insert.setObject(2, s.seenAt().atOffset(ZoneOffset.UTC));
            insert.setInt(3, s.utcOffset().getTotalSeconds());
            insert.setLong(4, s.trackId());
            insert.setString(5, s.reason());
            insert.setString(6, cut(p.text()));
            insert.setString(7, cut(p.characters()));
            insert.setString(8, p.layout().name());
            insert.setString(9, p.colour().name());
            insert.setDouble(10, p.confidence());
            insert.setBoolean(11, p.valid());
            insert.setDouble(12, p.support());
            insert.setInt(13, p.reads());
            insert.setInt(14, p.agreeingReads());
            insert.setString(15, cropFile);
            insert.setString(16, key);
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            for (int i = 0; i < p.runnerUps().size(); i++) {
                PlateVote.RunnerUp r = p.runnerUps().get(i);
                runnerUp.setLong(1, id);
                runnerUp.setInt(2, i);
                runnerUp.setString(3, cut(r.text()));
                runnerUp.setString(4, cut(r.characters()));
                runnerUp.setDouble(5, r.support());
                runnerUp.setInt(6, r.reads());
                runnerUp.addBatch();
            }
            runnerUp.executeBatch();
            return id;
        }
    }

    private static StorageException notStored(PlateSighting s, SQLException e) {
        return new StorageException("cannot store plate " + s.plate().text() + " of camera " + s.cameraId()
                + ", track " + s.trackId() + ": " + e.getMessage(), e);
    }

    @Override
    public List<StoredPlate> search(PlateSearch q) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.characters() != null) {
            sql.append(" AND (");
            List<String> patterns = oneEditPatterns(q.characters());
            for (int i = 0; i < patterns.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("characters LIKE ? ESCAPE '\\'");
                args.add(patterns.get(i));
            }
            sql.append(")");
        }
        if (q.cameraId() != null) {
            sql.append(" AND camera_id = ?");
            args.add(q.cameraId());
        }
        if (q.from() != null) {
            sql.append(" AND seen_at_utc >= ?");
            args.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND seen_at_utc < ?");
            args.add(q.to().atOffset(ZoneOffset.UTC));
        }
        sql.append(" ORDER BY ");
        if (q.characters() != null) {
            sql.append("CASE WHEN characters = ? THEN 0 ELSE 1 END, ");
            args.add(q.characters());
        }
        sql.append("seen_at_utc DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (Connection c = database.connection()) {
            return withRunnerUps(c, select(c, sql.toString(), args));
        } catch (SQLException e) {
            throw new StorageException("cannot search plates: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredPlate> find(long id) {
        try (Connection c = database.connection()) {
            return withRunnerUps(c, select(c, COLUMNS + " WHERE id = ?", List.of(id))).stream().findFirst();
        } catch (SQLException e) {
            throw new StorageException("cannot read plate " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * LIKE patterns that together match exactly the strings within one edit (Levenshtein) of {@code characters}: one
     * character replaced or inserted ({@code _} at each place), or one removed. Exact pieces are escaped, so the
     * database's index does the work whatever the text.
     */
    static List<String> oneEditPatterns(String characters) {
        Set<String> patterns = new LinkedHashSet<>();
        int n = characters.length();
        for (int i = 0; i < n; i++) {
            patterns.add(escape(characters.substring(0, i)) + "_" + escape(characters.substring(i + 1)));
        }
        for (int i = 0; i <= n; i++) {
            patterns.add(escape(characters.substring(0, i)) + "_" + escape(characters.substring(i)));
        }
        for (int i = 0; i < n && n > 1; i++) {
            patterns.add(escape(characters.substring(0, i) + characters.substring(i + 1)));
        }
        return new ArrayList<>(patterns);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Rows in order, keyed by id, still without their runner-ups. */
    private static Map<Long, StoredPlate> select(Connection c, String sql, List<Object> args) throws SQLException {
        Map<Long, StoredPlate> rows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    PlateVote vote = new PlateVote(rs.getString(7), rs.getString(8),
                            PlateLayout.valueOf(rs.getString(9)), PlateColour.valueOf(rs.getString(10)),
                            rs.getDouble(11), rs.getBoolean(12), rs.getDouble(13), rs.getInt(14), rs.getInt(15),
                            List.of());
                    PlateSighting sighting = new PlateSighting(rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            ZoneOffset.ofTotalSeconds(rs.getInt(4)), rs.getLong(5), rs.getString(6), vote);
                    rows.put(rs.getLong(1), new StoredPlate(rs.getLong(1), sighting, rs.getString(16)));
                }
            }
        }
        return rows;
    }

    private static List<StoredPlate> withRunnerUps(Connection c, Map<Long, StoredPlate> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<PlateVote.RunnerUp>> runnerUps = new HashMap<>();
        String sql = "SELECT plate_id, plate_text, characters, support, read_count FROM plate_runner_up WHERE plate_id"
                + " IN (" + "?, ".repeat(rows.size() - 1) + "?) ORDER BY plate_id, ordinal";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (long id : rows.keySet()) {
                s.setLong(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runnerUps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new PlateVote.RunnerUp(
                            rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getInt(5)));
                }
            }
        }
        List<StoredPlate> out = new ArrayList<>(rows.size());
        for (StoredPlate row : rows.values()) {
            PlateSighting s = row.sighting();
            PlateVote p = s.plate();
            PlateVote full = new PlateVote(p.text(), p.characters(), p.layout(), p.colour(), p.confidence(),
                    p.valid(), p.support(), p.reads(), p.agreeingReads(), runnerUps.getOrDefault(row.id(), List.of()));
            out.add(new StoredPlate(row.id(), new PlateSighting(s.cameraId(), s.seenAt(), s.utcOffset(), s.trackId(),
                    s.reason(), full), row.cropFile()));
        }
        return out;
    }

    private static String cut(String s) {
        return s.length() <= TEXT_MAX ? s : s.substring(0, TEXT_MAX);
    }
}
