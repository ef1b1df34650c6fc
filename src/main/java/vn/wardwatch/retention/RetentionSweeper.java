package vn.wardwatch.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.RetentionConfig;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.privacy.PrivacyMasker;
import vn.wardwatch.storage.jdbc.Database;

/**
 * Deletes stored data older than its kind's retention ({@link RetentionConfig}), hourly on its own thread (first a
 * minute after start), or on demand ({@link #runOnce}) with the injected clock in tests.
 *
 * <ul>
 *   <li>violations: only rejected ones and those whose hold an admin released ({@link ViolationHolds}); new and
 *       confirmed violations are kept however old. The evidence package, the reviews and the row go.</li>
 *   <li>plate reads with their crops; cleared warnings with their snapshots; count and zone minutes.</li>
 * </ul>
 * The audit log is never deleted. Every deletion is recorded first ({@link DeletionRecords}: a record per violation,
 * one per batch of plate reads or warnings, one per table for counts), then the files are removed
 * ({@link FileRemoval}), then the rows. An item that fails stays (its record says what was attempted) and is retried
 * on the next run.
 */
public final class RetentionSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    static final Duration FIRST_RUN = Duration.ofMinutes(1);
    static final Duration PERIOD = Duration.ofHours(1);
    /** A masked copy is remade on demand, so one unused for a week is not worth its disk. */
    static final Duration MASKED_COPY_AGE = Duration.ofDays(7);
    private static final int BATCH = 200;
    /** The reason serve gives the recording hold of a violation's clip window ({@code ServeCommand}). */
    public static final String RECORDING_HOLD_PREFIX = "violation ";

    /** What one run deleted. */
    public record Sweep(int violations, int plateReads, int warnings, long countMinutes, long zoneMinutes) {
    }

    private final Database database;
    private final RetentionConfig config;
    private final Path dataDir;
    private final Path evidenceRoot;
    private final DeletionRecords records;
    private final Clock clock;
    /** Several api nodes share one database: only the leading one sweeps it. */
    private volatile java.util.function.BooleanSupplier leading = () -> true;
    /** Masked copies of evidence for coordinators (issue 8); they go with their originals. Null when none. */
    private volatile PrivacyMasker masker;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retention-sweeper");
        t.setDaemon(true);
        return t;
    });

    public RetentionSweeper(Database database, RetentionConfig config, Path dataDir, Path evidenceRoot,
                            DeletionRecords records, Clock clock) {
        this.database = database;
        this.config = config;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.evidenceRoot = evidenceRoot.toAbsolutePath().normalize();
        this.records = records;
        this.clock = clock;
    }

    /** Masked copies of a deleted package are deleted with it, and copies nobody asked for in a week are pruned. */
    public void forgetMaskedCopiesWith(PrivacyMasker masker) {
        this.masker = masker;
    }

    /** Scheduled sweeps run only while {@code leading} says so (in a cluster: the leading api node). */
    public void onlyWhile(java.util.function.BooleanSupplier leading) {
        this.leading = leading;
    }

    public void start() {
        executor.scheduleWithFixedDelay(() -> {
            try {
                if (!leading.getAsBoolean()) {
                    LOG.debug("retention: another api node leads; no sweep here");
                    return;
                }
                Sweep s = runOnce();
                LOG.info("retention: deleted {} violation(s), {} plate read(s), {} warning(s), {} count minute(s),"
                        + " {} zone minute(s)", s.violations(), s.plateReads(), s.warnings(), s.countMinutes(),
                        s.zoneMinutes());
                if (masker != null) {
                    masker.prune(MASKED_COPY_AGE);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("retention run failed (the next run retries): {}", e.getMessage());
            }
        }, FIRST_RUN.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every kind. */
    public synchronized Sweep runOnce() {
        Instant now = clock.instant();
        return new Sweep(violations(now.minus(Duration.ofDays(config.violationsDays()))),
                plateReads(now.minus(Duration.ofDays(config.platesDays()))),
                warnings(now.minus(Duration.ofDays(config.warningsDays()))),
                minutes("count_minute", now.minus(Duration.ofDays(config.countsDays()))),
                minutes("zone_minute", now.minus(Duration.ofDays(config.countsDays()))));
    }

    // ------------------------------------------------------------------ violations

    private record OldViolation(String id, String status, String packageDir, String releasedBy) {
    }

    private int violations(Instant cutoff) {
        int deleted = 0;
        while (true) {
            List<OldViolation> batch = new ArrayList<>();
            query("SELECT v.id, v.status, v.package_dir, r.released_by FROM violation v LEFT JOIN"
                    + " violation_hold_release r ON r.violation_id = v.id WHERE v.occurred_at_utc < ? AND (v.status"
                    + " = 'rejected' OR r.violation_id IS NOT NULL) ORDER BY v.occurred_at_utc, v.id LIMIT " + BATCH,
                    cutoff, rs -> batch.add(new OldViolation(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4))));
            boolean failed = false;
            for (OldViolation v : batch) {
                if (deleteViolation(v)) {
                    deleted++;
                } else {
                    failed = true;
                }
            }
            if (batch.size() < BATCH || failed) {
                return deleted;
            }
        }
    }

    private boolean deleteViolation(OldViolation v) {
        Path dir = evidenceRoot.resolve(v.packageDir()).normalize();
        if (!dir.startsWith(evidenceRoot) || dir.equals(evidenceRoot)) {
            LOG.error("retention: violation {} points at {}, outside the evidence root {}; not deleted", v.id(),
                    dir, evidenceRoot);
            return false;
        }
        String reason = (v.releasedBy() != null ? "hold released by " + v.releasedBy() : v.status())
                + "; older than " + config.violationsDays() + " days (retention.violations_days)";
        try {
            List<Path> files = FileRemoval.filesUnder(dir);
            List<DeletedFile> described = new ArrayList<>();
            for (Path f : files) {
                described.add(DeletionRecords.describe(f, evidenceRoot.relativize(f).toString().replace('\\', '/')));
            }
            records.record(DeletionRecords.RETENTION, "violation", v.id(), reason, described);
            PrivacyMasker copies = masker;
            if (copies != null) {
                for (Path f : files) {
                    copies.forget(f); // derived from the package, so never kept longer than it
                }
            }
            FileRemoval.remove(files);
            FileRemoval.removeEmptyDirs(dir);
            deleteViolationRows(v.id());
            LOG.info("retention: deleted violation {} ({} file(s)): {}", v.id(), files.size(), reason);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("retention: violation {} not fully deleted (retried next run): {}", v.id(), e.getMessage());
            return false;
        }
    }

    /**
     * The reviews, the row, and the recording hold of the violation's clip window (serve protects it with reason
     * {@code violation <id>}): segments no other hold covers become ordinary again and age out with the camera's
     * recording retention.
     */
    private void deleteViolationRows(String id) {
        String holdReason = RECORDING_HOLD_PREFIX + id;
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> windows = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT camera_id, start_utc, end_utc FROM recording_hold WHERE reason = ?")) {
                    s.setString(1, holdReason);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            windows.add(new Object[] {rs.getString(1), rs.getObject(2), rs.getObject(3)});
                        }
                    }
                }
                for (String sql : List.of("DELETE FROM recording_hold WHERE reason = ?",
                        "DELETE FROM violation_review WHERE violation_id = ?", "DELETE FROM violation WHERE id = ?")) {
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        s.setString(1, sql.contains("recording_hold") ? holdReason : id);
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE recording_segment g SET protected = FALSE"
                        + " WHERE g.camera_id = ? AND g.start_utc <= ? AND g.end_utc >= ? AND NOT EXISTS (SELECT 1"
                        + " FROM recording_hold h WHERE h.camera_id = g.camera_id AND h.start_utc <= g.end_utc"
                        + " AND h.end_utc >= g.start_utc)")) {
                    for (Object[] w : windows) {
                        s.setObject(1, w[0]);
                        s.setObject(2, w[2]);
                        s.setObject(3, w[1]);
                        s.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot delete the rows of violation " + id + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ plate reads and warnings

    private record MediaRow(String id, String file) {
    }

    private int plateReads(Instant cutoff) {
        return mediaRows("plate_read", "SELECT id, crop_file FROM plate_read WHERE seen_at_utc < ? ORDER BY id LIMIT "
                        + BATCH, cutoff, List.of("DELETE FROM plate_runner_up WHERE plate_id = CAST(? AS BIGINT)",
                        "DELETE FROM plate_read WHERE id = CAST(? AS BIGINT)"), // ids are bound as text: PostgreSQL will not compare bigint with varchar
                "older than " + config.platesDays() + " days (retention.plates_days)");
    }

    private int warnings(Instant cutoff) {
        // Only cleared warnings: an active one is still news.
        return mediaRows("warning", "SELECT id, snapshot_file FROM warning WHERE cleared_at_utc IS NOT NULL AND"
                        + " cleared_at_utc < ? ORDER BY cleared_at_utc, id LIMIT " + BATCH, cutoff,
                List.of("DELETE FROM warning WHERE id = ?"),
                "cleared more than " + config.warningsDays() + " days ago (retention.warnings_days)");
    }

    /** Rows with at most one media file each (relative to the data dir), one deletion record per batch. */
    private int mediaRows(String kind, String select, Instant cutoff, List<String> deletes, String reason) {
        int deleted = 0;
        while (true) {
            List<MediaRow> batch = new ArrayList<>();
            query(select, cutoff, rs -> batch.add(new MediaRow(rs.getString(1), rs.getString(2))));
            if (batch.isEmpty()) {
                return deleted;
            }
            String item = batch.size() + " rows, " + batch.get(0).id() + " .. " + batch.get(batch.size() - 1).id();
            try {
                List<Path> files = new ArrayList<>();
                List<DeletedFile> described = new ArrayList<>();
                for (MediaRow row : batch) {
                    Path f = row.file() == null ? null : dataDir.resolve(row.file()).normalize();
                    if (f != null && f.startsWith(dataDir) && java.nio.file.Files.isRegularFile(f)) {
                        files.add(f);
                        described.add(DeletionRecords.describe(f, row.file()));
                    }
                }
                records.record(DeletionRecords.RETENTION, kind, item.length() > 256 ? item.substring(0, 256) : item,
                        reason, described);
                FileRemoval.remove(files);
                update(deletes, batch.stream().map(MediaRow::id).toList());
                deleted += batch.size();
            } catch (IOException | RuntimeException e) {
                LOG.error("retention: {} {} not fully deleted (retried next run): {}", kind, item, e.getMessage());
                return deleted;
            }
            if (batch.size() < BATCH) {
                return deleted;
            }
        }
    }

    // ------------------------------------------------------------------ counts

    /** Per-minute rows have no files: one record names how many rows before which minute. */
    private long minutes(String table, Instant cutoff) {
        long[] rows = {0};
        query("SELECT COUNT(*) FROM " + table + " WHERE minute_start_utc < ?", cutoff, rs -> rows[0] = rs.getLong(1));
        if (rows[0] == 0) {
            return 0;
        }
        records.record(DeletionRecords.RETENTION, table, rows[0] + " rows before " + cutoff, "older than "
                + config.countsDays() + " days (retention.counts_days)", List.of());
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE minute_start_utc < ?")) {
            s.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot delete old rows of " + table + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ JDBC

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Instant cutoff, RowReader reader) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("retention query failed (" + sql + "): " + e.getMessage(), e);
        }
    }

    /** Runs each statement for each id, in one transaction. */
    private void update(List<String> statements, List<String> ids) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                for (String sql : statements) {
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        for (String id : ids) {
                            s.setString(1, id);
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot delete rows (" + statements.get(statements.size() - 1) + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
