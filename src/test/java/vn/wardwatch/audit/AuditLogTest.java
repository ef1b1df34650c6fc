package vn.wardwatch.audit;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.storage.jdbc.Database;

// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class AuditLogTest {

    @Parameter
    Kind kind;

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");

    @TempDir
    Path dir;
    private Database database;
    private JdbcAuditLog log;

    @BeforeEach
    void open() {
        database = TestDatabases.open(kind, dir);
        log = new JdbcAuditLog(database, AuditAnchor.in(dir), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void appendFive() {
        for (int i = 1; i <= 5; i++) {
            log.record("admin", "violation.review", "violation:v" + i, "{\"decision\":\"confirmed\"}");
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private List<String> problems() {
        return new AuditVerifier(log).verify().problems().stream().map(AuditProblem::toString).toList();
    }

    @Test
    void appendedEntriesFormOneChainThatVerifiesAndMatchesTheAnchor() throws Exception {
        appendFive();
        List<AuditEntry> entries = new ArrayList<>();
        log.forEach(entries::add);
        assertEquals(5, entries.size());
        assertEquals(AuditEntry.GENESIS, entries.get(0).prevHash());
        for (int i = 1; i < 5; i++) {
            assertEquals(i + 1, entries.get(i).seq());
            assertEquals(entries.get(i - 1).entryHash(), entries.get(i).prevHash());
        }
        assertEquals(T0, entries.get(0).at());
        AuditVerification v = new AuditVerifier(log).verify();
        assertTrue(v.ok(), v.problems().toString());
        assertEquals(5, v.count());
        assertEquals(entries.get(4).entryHash(), v.headHash());
        assertEquals(new AuditAnchor.Head(5, entries.get(4).entryHash()), log.anchor().read().orElseThrow());
        assertEquals("seq=5\nhash=" + entries.get(4).entryHash() + "\n",
                Files.readString(dir.resolve("audit.anchor")));
    }

    @Test
    void anEmptyLogWithoutAnchorVerifies() {
        AuditVerification v = new AuditVerifier(log).verify();
        assertTrue(v.ok(), v.problems().toString());
        assertEquals(0, v.count());
    }

    @Test
    void aDetailAlteredWithSqlIsNamedByItsSeq() throws Exception {
        appendFive();
        sql("UPDATE audit_log SET detail = '{\"decision\":\"rejected\"}' WHERE seq = 3");
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("seq 3: altered"), problems.toString());
    }

    @Test
    void aDeletedMiddleRowIsNamed() throws Exception {
        appendFive();
        sql("DELETE FROM audit_log WHERE seq = 2");
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("seq 2: removed: entry 2 missing before seq 3"), problems.toString());
    }

    @Test
    void aRowReplacedWithARecomputedHashBreaksTheNextLink() throws Exception {
        appendFive();
        // A forger who recomputes the altered entry's hash still breaks seq 4's prev_hash.
        AuditEntry third = log.list(new AuditQuery(null, null, null, null, 10)).get(2);
        String forged = AuditEntry.hash(3, third.at(), "admin", third.action(), third.target(), "{}", third.prevHash());
        sql("UPDATE audit_log SET detail = '{}', entry_hash = '" + forged + "' WHERE seq = 3");
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("seq 4: prev_hash"), problems.toString());
    }

    @Test
    void aDeletedTailIsCaughtByTheAnchor() throws Exception {
        appendFive();
        sql("DELETE FROM audit_log WHERE seq >= 4");
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("seq 4: truncated: the anchor"), problems.toString());
        assertTrue(problems.get(0).contains("records seq 5"), problems.toString());
    }

    @Test
    void aMissingAnchorIsReported() throws Exception {
        appendFive();
        Files.delete(dir.resolve("audit.anchor"));
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("audit.anchor is missing"), problems.toString());
    }

    @Test
    void concurrentAppendsFromEightThreadsThroughTwoInstancesKeepOneValidChain() throws Exception {
        JdbcAuditLog live = new JdbcAuditLog(database, AuditAnchor.in(dir), Clock.systemUTC());
        JdbcAuditLog[] writers = {live, new JdbcAuditLog(database, AuditAnchor.in(dir), Clock.systemUTC())};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String actor = "user" + t;
            JdbcAuditLog writer = writers[t % 2];
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    writer.record(actor, "evidence.view", "violation:v" + i, "");
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        AuditVerification v = new AuditVerifier(live).verify();
        assertTrue(v.ok(), v.problems().toString());
        assertEquals(200, v.count());
        assertEquals(200, v.headSeq());
    }

    @Test
    void twoApiNodesAppendingAtOnceKeepOneValidChainAndEachItsOwnAnchor() throws Exception {
        // Two api nodes: their own data directories (anchors) and connection pools, one database. On PostgreSQL only
        // the database serialises them (the in-process lock is per node there).
        Path other = Files.createDirectories(dir.resolve("node-b"));
        Database second = kind == Kind.H2 ? database : TestDatabases.open(kind, dir);
        JdbcAuditLog[] nodes = {new JdbcAuditLog(database, AuditAnchor.in(dir), Clock.systemUTC()),
                new JdbcAuditLog(second, AuditAnchor.in(other), Clock.systemUTC())};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String actor = "user" + t;
            JdbcAuditLog node = nodes[t % 2];
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    node.record(actor, "evidence.view", "violation:v" + i, "");
                }
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (JdbcAuditLog node : nodes) {
            AuditVerification v = new AuditVerifier(node).verify();
            assertTrue(v.ok(), node.anchor().file() + ": " + v.problems());
            assertEquals(200, v.count());
            assertEquals(200, v.headSeq());
        }
        if (second != database) {
            second.close();
        }
    }

    @Test
    void listFiltersByActorActionAndTimeNewestFirst() {
        MutableClock clock = new MutableClock(T0);
        JdbcAuditLog timed = new JdbcAuditLog(database, AuditAnchor.in(dir), clock);
        timed.record("alice", "login.ok", "user:alice", "");
        clock.now = T0.plusSeconds(60);
        timed.record("bob", "login.failed", "user:bob", "{\"remote\":\"::1\"}");
        clock.now = T0.plusSeconds(120);
        timed.record("alice", "evidence.view", "violation:v1", "");
        assertEquals(List.of(3L, 1L), seqs(timed.list(new AuditQuery(null, null, "alice", null, 10))));
        assertEquals(List.of(2L), seqs(timed.list(new AuditQuery(null, null, null, "login.failed", 10))));
        assertEquals(List.of(2L), seqs(timed.list(new AuditQuery(T0.plusSeconds(30), T0.plusSeconds(90), null, null,
                10))));
        assertEquals(List.of(3L), seqs(timed.list(new AuditQuery(null, null, null, null, 1))));
        assertEquals(2L, timed.latest("login.failed").orElseThrow().seq());
        assertFalse(timed.latest("user.added").isPresent());
    }

    private static List<Long> seqs(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::seq).toList();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
