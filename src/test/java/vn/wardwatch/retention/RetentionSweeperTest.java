package vn.wardwatch.retention;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.AuditEntry;
import vn.wardwatch.audit.AuditQuery;
import vn.wardwatch.audit.AuditVerifier;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.config.RetentionConfig;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationReview;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;

// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class RetentionSweeperTest {

    @Parameter
    Kind kind;

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(400));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(3));

    @TempDir
    Path dir;
    private Path evidence;
    private Database database;
    private JdbcAuditLog audit;
    private JdbcViolationRepository violations;
    private DeletionRecords records;
    private ViolationHolds holds;
    private RetentionSweeper sweeper;

    @BeforeEach
    void open() {
        evidence = dir.resolve("evidence");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        database = TestDatabases.open(kind, dir);
        audit = new JdbcAuditLog(database, AuditAnchor.in(dir), clock);
        violations = new JdbcViolationRepository(database);
        records = new DeletionRecords(database, audit, clock);
        holds = new ViolationHolds(database, audit, clock);
        sweeper = new RetentionSweeper(database, RetentionConfig.DEFAULTS, dir, evidence, records, clock);
    }

    @AfterEach
    void close() {
        sweeper.close();
        database.close();
    }

    /** A violation with a two-file evidence package; reviewed when {@code decision} is not null. */
    private void violation(String id, Instant at, String decision) throws Exception {
        String pkg = "cam-1/2025-10-18/" + id;
        Files.createDirectories(evidence.resolve(pkg));
        Files.writeString(evidence.resolve(pkg).resolve("manifest.json"), "{\"id\":\"" + id + "\"}");
        Files.writeString(evidence.resolve(pkg).resolve("overview.jpg"), "jpeg of " + id);
        violations.add(new StoredViolation(id, "cam-1", "red_light", StoredViolation.NEW, at, ZoneOffset.ofHours(7), 1,
                "car", "stop-1", null, "red", "manual", "g".repeat(64), null, null, null, pkg, "m".repeat(64), at));
        if (decision != null) {
            violations.review(new ViolationReview(id, "officer1", decision,
                    decision.equals(StoredViolation.REJECTED) ? "not_a_violation" : null, null, at));
        }
    }

    private boolean packageExists(String id) {
        return Files.exists(evidence.resolve("cam-1/2025-10-18/" + id));
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement, Object... args) throws Exception {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i] instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : args[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    void heldViolationsAreKeptHoweverOldAndOldRejectedOnesAreDeletedAfterTheirRecord() throws Exception {
        violation("v-new", OLD, null);
        violation("v-confirmed", OLD, StoredViolation.CONFIRMED);
        violation("v-rejected", OLD, StoredViolation.REJECTED);
        violation("v-rejected-recent", RECENT, StoredViolation.REJECTED);

        RetentionSweeper.Sweep sweep = sweeper.runOnce();

        assertEquals(1, sweep.violations());
        assertTrue(violations.find("v-new").isPresent());
        assertTrue(violations.find("v-confirmed").isPresent());
        assertTrue(violations.find("v-rejected-recent").isPresent());
        assertFalse(violations.find("v-rejected").isPresent());
        assertTrue(packageExists("v-new") && packageExists("v-confirmed") && packageExists("v-rejected-recent"));
        assertFalse(packageExists("v-rejected"));
        assertEquals(0, count("SELECT COUNT(*) FROM violation_review WHERE violation_id = 'v-rejected'"));

        List<DeletionRecord> recs = records.list("violation");
        assertEquals(1, recs.size());
        DeletionRecord r = recs.get(0);
        assertEquals(DeletionRecords.RETENTION, r.actor());
        assertEquals("v-rejected", r.itemId());
        assertEquals("rejected; older than 75 days (retention.violations_days)", r.reason());
        JsonArray files = new JsonArray(r.filesJson());
        assertEquals(2, files.size());
        JsonObject manifest = files.getJsonObject(0);
        assertEquals("cam-1/2025-10-18/v-rejected/manifest.json", manifest.getString("path"));
        assertEquals(DeletionRecords.sha256("{\"id\":\"v-rejected\"}".getBytes(StandardCharsets.UTF_8)),
                manifest.getString("sha256"));
        assertEquals(r.bytes(), files.getJsonObject(0).getLong("bytes") + files.getJsonObject(1).getLong("bytes"));

        AuditEntry deleted = audit.latest(DeletionRecords.AUDIT_ACTION).orElseThrow();
        assertEquals("violation:v-rejected", deleted.target());
        assertEquals(r.id(), new JsonObject(deleted.detail()).getLong("record"));
        assertTrue(new AuditVerifier(audit).verify().ok());
        // Nothing left to do: a second run deletes nothing and writes no record.
        assertEquals(new RetentionSweeper.Sweep(0, 0, 0, 0, 0), sweeper.runOnce());
        assertEquals(1, records.list(null).size());
    }

    @Test
    void anAdminReleaseLiftsTheHoldAndIsAudited() throws Exception {
        violation("v-confirmed", OLD, StoredViolation.CONFIRMED);
        violation("v-new", RECENT, null);
        violation("v-rejected", RECENT, StoredViolation.REJECTED);
        // The recording around v-confirmed is held for it; one segment is also under another hold.
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(database);
        RecordedSegment a = recordings.addSegment(new RecordedSegment(0, "cam-1", OLD.minusSeconds(10), OLD,
                "cam-1/a.ts", 1, "a".repeat(64), false, false, false, null, null));
        RecordedSegment b = recordings.addSegment(new RecordedSegment(0, "cam-1", OLD, OLD.plusSeconds(10),
                "cam-1/b.ts", 1, "b".repeat(64), false, false, false, null, null));
        recordings.hold("cam-1", OLD.minusSeconds(5), OLD.plusSeconds(5), RetentionSweeper.RECORDING_HOLD_PREFIX
                + "v-confirmed");
        recordings.hold("cam-1", OLD.plusSeconds(8), OLD.plusSeconds(9), "violation v-other");
        assertEquals(List.of(), recordings.oldestUnprotected("cam-1", 10));

        assertEquals(ViolationHolds.Outcome.NOT_FOUND, holds.release("nope", "admin", "test"));
        assertEquals(ViolationHolds.Outcome.NOT_ON_HOLD, holds.release("v-rejected", "admin", "test"));
        assertEquals(ViolationHolds.Outcome.RELEASED, holds.release("v-confirmed", "admin", "fine paid, case closed"));
        assertEquals(ViolationHolds.Outcome.ALREADY_RELEASED, holds.release("v-confirmed", "admin", "again"));
        assertEquals(ViolationHolds.Outcome.RELEASED, holds.release("v-new", "admin", "duplicate of v-confirmed"));
        assertTrue(holds.released("v-confirmed"));

        List<AuditEntry> released = audit.list(new AuditQuery(null, null, null, ViolationHolds.AUDIT_ACTION, 10));
        assertEquals(2, released.size());
        assertEquals("violation:v-confirmed", released.get(1).target());
        assertEquals("admin", released.get(1).actor());
        assertEquals("fine paid, case closed", new JsonObject(released.get(1).detail()).getString("reason"));

        assertEquals(1, sweeper.runOnce().violations());
        assertFalse(violations.find("v-confirmed").isPresent());
        assertFalse(packageExists("v-confirmed"));
        // Its clip window's hold went with it: a is ordinary recording again, b is still held for v-other.
        assertEquals(List.of(a.id()), recordings.oldestUnprotected("cam-1", 10).stream().map(RecordedSegment::id)
                .toList());
        assertEquals(0, count("SELECT COUNT(*) FROM recording_hold WHERE reason = 'violation v-confirmed'"));
        // Released but younger than violations_days: kept until it is old enough.
        assertTrue(violations.find("v-new").isPresent());
        assertEquals("hold released by admin; older than 75 days (retention.violations_days)",
                records.list("violation").get(0).reason());
        // The release stays on record after the violation is gone.
        assertTrue(holds.released("v-confirmed"));
    }

    @Test
    void platesWarningsAndCountsOlderThanTheirDaysAreDeletedWithTheirFiles() throws Exception {
        Files.createDirectories(dir.resolve("plates/cam-1/2025-10-18"));
        Files.writeString(dir.resolve("plates/cam-1/2025-10-18/old.jpg"), "old crop");
        Files.createDirectories(dir.resolve("plates/cam-1/2026-11-19"));
        Files.writeString(dir.resolve("plates/cam-1/2026-11-19/new.jpg"), "new crop");
        String plate = "INSERT INTO plate_read (id, camera_id, seen_at_utc, utc_offset_seconds, track_id, reason,"
                + " plate_text, characters, layout, colour, confidence, valid, support, read_count, agreeing_reads,"
                + " crop_file) VALUES (?, 'cam-1', ?, 25200, 1, 'line', '30A-123.45', '30A12345', 'one_line', 'white',"
                + " 0.9, TRUE, 1.0, 3, 3, ?)";
        sql(plate, 1, OLD, "plates/cam-1/2025-10-18/old.jpg");
        sql(plate, 2, RECENT, "plates/cam-1/2026-11-19/new.jpg");
        sql("INSERT INTO plate_runner_up VALUES (1, 1, '30A-123.46', '30A12346', 0.1, 1)");
        Files.createDirectories(dir.resolve("warnings/cam-1"));
        Files.writeString(dir.resolve("warnings/cam-1/w-old.jpg"), "snapshot");
        String warning = "INSERT INTO warning (id, camera_id, zone_id, kind, state, raised_at_utc, updated_at_utc,"
                + " cleared_at_utc, utc_offset_seconds, metrics_json, snapshot_file) VALUES (?, 'cam-1', 'z', 'crowd',"
                + " ?, ?, ?, ?, 25200, '{}', ?)";
        sql(warning, "w-old", "cleared", OLD, OLD, OLD, "warnings/cam-1/w-old.jpg");
        sql(warning, "w-active", "raised", OLD, OLD, null, null);
        String countRow = "INSERT INTO count_minute VALUES ('cam-1', 'l1', 'car', 'in', ?, 25200, 4)";
        sql(countRow, OLD);
        sql(countRow, RECENT);

        RetentionSweeper.Sweep sweep = sweeper.runOnce();

        assertEquals(new RetentionSweeper.Sweep(0, 1, 1, 1, 0), sweep);
        assertEquals(0, count("SELECT COUNT(*) FROM plate_read WHERE id = 1"));
        assertEquals(0, count("SELECT COUNT(*) FROM plate_runner_up"));
        assertEquals(1, count("SELECT COUNT(*) FROM plate_read WHERE id = 2"));
        assertFalse(Files.exists(dir.resolve("plates/cam-1/2025-10-18/old.jpg")));
        assertTrue(Files.exists(dir.resolve("plates/cam-1/2026-11-19/new.jpg")));
        assertFalse(Files.exists(dir.resolve("warnings/cam-1/w-old.jpg")));
        assertEquals(1, count("SELECT COUNT(*) FROM warning WHERE id = 'w-active'"), "an active warning stays");
        assertEquals(1, count("SELECT COUNT(*) FROM count_minute"));
        DeletionRecord plates = records.list("plate_read").get(0);
        assertEquals("1 rows, 1 .. 1", plates.itemId());
        assertEquals("plates/cam-1/2025-10-18/old.jpg", new JsonArray(plates.filesJson()).getJsonObject(0)
                .getString("path"));
        assertEquals(List.of("plate_read", "warning", "count_minute"),
                records.list(null).stream().map(DeletionRecord::kind).toList());
        assertEquals(3, audit.list(new AuditQuery(null, null, DeletionRecords.RETENTION,
                DeletionRecords.AUDIT_ACTION, 10)).size());
        // No file is left under a .deleting name once a deletion completes.
        try (var walk = Files.walk(dir)) {
            assertTrue(walk.noneMatch(p -> p.toString().endsWith(".deleting")));
        }
    }
}
