package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.warning.Warning;

/**
 * A worker's senders journal what they produce; the worker dies with part of it unacknowledged (the api node was
 * down); the api node's replay stores exactly what was left, through the real receivers and H2, once: a second
 * replay of the same journal and the dead worker's late resends change nothing.
 */
class JournalReplayTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);

    @TempDir
    Path dir;

    /** The api node's receivers for the four journaled outboxes. */
    private static List<MessageConsumer<?>> receivers(Vertx vertx, Database db, List<String> published)
            throws Exception {
        return receivers(vertx, db, published, w -> { },
                new WarningSources(vertx.eventBus(), new JdbcWarningRepository(db), Clock.systemUTC()));
    }

    private static List<MessageConsumer<?>> receivers(Vertx vertx, Database db, List<String> published,
                                                      Consumer<Warning> warningsPublished, WarningSources sources)
            throws Exception {
        List<MessageConsumer<?>> out = List.of(CountReceiver.start(vertx, new CountUpserts(db)),
                ViolationReceiver.start(vertx, new JdbcViolationRepository(db), v -> published.add(v.id())),
                WarningSender.receive(vertx, new JdbcWarningRepository(db), warningsPublished, sources),
                ZoneMinuteSender.receive(vertx, new JdbcZoneMinuteRepository(db)));
        for (MessageConsumer<?> c : out) {
            c.completion().await(5, TimeUnit.SECONDS);
        }
        return out;
    }

    /** What the database holds, in one line: counts of the source w1, violations, the warning, the zone minute. */
    private static String stored(Database db) throws Exception {
        long bySource;
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SUM(vehicle_count) FROM count_minute_source WHERE source_id = 'w1'")) {
            rs.next();
            bySource = rs.getLong(1);
        }
        List<String> violations = new JdbcViolationRepository(db).list(new ViolationQuery(null, null, null, null,
                null, null, 100, null)).stream().map(v -> v.id()).sorted().toList();
        List<String> warnings = new JdbcWarningRepository(db).list(new WarningQuery(null, null, null, null, null,
                null, 10)).stream().map(w -> w.warning().id() + ":" + w.warning().state()).toList();
        List<Integer> flows = new JdbcZoneMinuteRepository(db).list("gate1", "box", T0.minusSeconds(60),
                T0.plusSeconds(120), 10).stream().map(m -> m.summary().flow()).toList();
        return "counts " + CountSenderTest.stored(db) + " (w1 " + bySource + "), violations " + violations
                + ", warnings " + warnings + ", zone minute flows " + flows;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Sets the journal directory's and its files' modification time {@code age} into the past. */
    private static void ageAll(Path journal, Duration age) throws Exception {
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - age.toMillis());
        try (Stream<Path> files = Files.list(journal)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, past);
            }
        }
        Files.setLastModifiedTime(journal, past);
    }

    @Test
    void aDeadWorkersJournalIsReplayedOnceAndASecondReplayOrLateResendChangesNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path root = JournalReplay.root(dir);
        Path journal = JournalReplay.directory(root, "w1");
        try (Database db = Database.open(dir.resolve("ww"))) {
            List<String> published = new CopyOnWriteArrayList<>();
            List<MessageConsumer<?>> up = receivers(vertx, db, published);
            MinuteCounts counts = new MinuteCounts();
            CountSender countSender = new CountSender(vertx.eventBus(), "w1",
                    Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC), journal);
            ViolationSender violationSender = new ViolationSender(vertx.eventBus(), journal);
            WarningSender warningSender = new WarningSender(vertx.eventBus(), "w1", journal);
            ZoneMinuteSender minuteSender = new ZoneMinuteSender(vertx.eventBus(), journal);
            countSender.register("gate1", counts, HANOI);

            // While the api node is up: stored and acknowledged, in the journal as acknowledged.
            counts.addAll(List.of(CountSenderTest.car(1, 1), CountSenderTest.car(2, 2)));
            violationSender.add(ViolationSenderTest.violation(1));
            warningSender.save(WarningSenderTest.warning(Warning.RAISED, 0));
            Await.until(Duration.ofSeconds(10), "the first part acknowledged", () -> {
                countSender.flush();
                return countSender.allAcknowledged() && violationSender.allAcknowledged()
                        && warningSender.allAcknowledged();
            });

            // The api node goes away; the worker goes on producing, then is SIGKILLed: nothing closed or drained.
            for (MessageConsumer<?> c : up) {
                c.unregister().await(5, TimeUnit.SECONDS);
            }
            counts.addAll(List.of(CountSenderTest.car(3, 3), CountSenderTest.car(4, 4), CountSenderTest.car(5, 65)));
            violationSender.add(ViolationSenderTest.violation(2));
            warningSender.save(WarningSenderTest.warning(Warning.UPDATED, 30));
            warningSender.save(WarningSenderTest.warning(Warning.CLEARED, 60));
            minuteSender.add(WarningSenderTest.minute(10));
            countSender.flush(); // no handler: not acknowledged
            assertFalse(countSender.allAcknowledged());
            // The kill cut the count journal's last write short.
            Files.write(OutboxJournal.fileOf(journal, CountSender.ADDRESS),
                    "{\"seq\":99,\"message\":{\"source\":\"w1\",\"cam".getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.APPEND);
            Path kept = dir.resolve("kept-copy");
            copy(journal, kept);
            String before = stored(db);
            assertEquals("counts 2 (w1 2), violations [" + ViolationSenderTest.violation(1).id()
                    + "], warnings [w-1:raised], zone minute flows []", before);

            // The api node is back; w1 is not a member: its journal is replayed through the same receivers.
            receivers(vertx, db, published);
            // w1 was never seen as a member by this node and was written just now: it may be a worker still
            // joining, so it is left alone until its journal has been quiet.
            JournalReplay replay = new JournalReplay(vertx.eventBus(), root, Set::of);
            assertEquals(List.of(), replay.replayDead());
            assertTrue(Files.exists(journal), "a fresh journal of an unknown source is kept");
            ageAll(journal, JournalReplay.QUIET.plusSeconds(5));
            assertEquals(List.of("w1"), replay.replayDead());
            assertFalse(Files.exists(journal), "a replayed journal is deleted");
            String after = stored(db);
            assertEquals("counts 5 (w1 5), violations " + List.of(ViolationSenderTest.violation(1).id(),
                    ViolationSenderTest.violation(2).id()) + ", warnings [w-1:cleared], zone minute flows [10]", after);
            assertEquals(List.of(ViolationSenderTest.violation(1).id(), ViolationSenderTest.violation(2).id()),
                    published);

            // The same journal replayed again, and the dead worker's last resends arriving late: nothing changes.
            copy(kept, journal);
            ageAll(journal, JournalReplay.QUIET.plusSeconds(5));
            assertEquals(List.of("w1"), replay.replayDead());
            Await.until(Duration.ofSeconds(10), "the late resends acknowledged", () -> {
                countSender.flush();
                violationSender.flush();
                warningSender.flush();
                minuteSender.flush();
                return countSender.allAcknowledged() && violationSender.allAcknowledged()
                        && warningSender.allAcknowledged() && minuteSender.allAcknowledged();
            });
            assertEquals(after, stored(db));
            assertEquals(2, published.size(), "each violation published once");
            replay.close();
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLiveWorkersJournalIsLeftAloneAndACleanStopLeavesNone() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path root = JournalReplay.root(dir);
        Path journal = JournalReplay.directory(root, "w1");
        try (Database db = Database.open(dir.resolve("ww"))) {
            WarningSender sender = new WarningSender(vertx.eventBus(), "w1", journal);
            sender.save(WarningSenderTest.warning(Warning.RAISED, 0)); // nobody listens yet
            JournalReplay replay = new JournalReplay(vertx.eventBus(), root, () -> Set.of("w1"));
            assertEquals(List.of(), replay.replayDead());
            assertTrue(Files.exists(OutboxJournal.fileOf(journal, WarningSender.ADDRESS)), "w1 is alive: kept");

            receivers(vertx, db, new CopyOnWriteArrayList<>());
            sender.close(Duration.ofSeconds(10)); // a clean stop: all acknowledged, the journal deleted
            assertTrue(sender.allAcknowledged());
            assertFalse(Files.exists(OutboxJournal.fileOf(journal, WarningSender.ADDRESS)));
            StoredWarning stored = new JdbcWarningRepository(db).find("w-1").orElseThrow();
            assertEquals(Warning.RAISED, stored.warning().state());
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDeadWorkersOpenWarningsAreClearedOnceItsJournalIsStoredAndALiveWorkersAreLeftAlone() throws Exception {
        Vertx vertx = Vertx.vertx();
        Path root = JournalReplay.root(dir);
        Instant lostAt = T0.plusSeconds(300);
        try (Database db = Database.open(dir.resolve("ww"))) {
            JdbcWarningRepository repository = new JdbcWarningRepository(db);
            WarningSources sources = new WarningSources(vertx.eventBus(), repository,
                    Clock.fixed(lostAt, ZoneOffset.UTC));
            List<String> published = new CopyOnWriteArrayList<>();
            Consumer<Warning> publish = w -> published.add(w.id() + ":" + w.state() + ":"
                    + w.metrics().get(Warning.REASON));
            List<MessageConsumer<?>> up = receivers(vertx, db, new CopyOnWriteArrayList<>(), publish, sources);
            WarningSender w1 = new WarningSender(vertx.eventBus(), "w1", JournalReplay.directory(root, "w1"));
            WarningSender w2 = new WarningSender(vertx.eventBus(), "w2", JournalReplay.directory(root, "w2"));
            w1.save(WarningSenderTest.warning("a", Warning.RAISED, 0));
            w1.save(WarningSenderTest.warning("a", Warning.UPDATED, 10));
            w1.save(WarningSenderTest.warning("b", Warning.RAISED, 0));
            w1.save(WarningSenderTest.warning("b", Warning.CLEARED, 20)); // cleared by its own watch
            w2.save(WarningSenderTest.warning("c", Warning.RAISED, 5));
            Await.until(Duration.ofSeconds(10), "the live states acknowledged", () -> {
                w1.flush();
                w2.flush();
                return w1.allAcknowledged() && w2.allAcknowledged();
            });

            // w1's last raise never reaches the api node (its receiver away a moment): only w1's journal has it.
            for (MessageConsumer<?> c : up) {
                c.unregister().await(5, TimeUnit.SECONDS);
            }
            w1.save(WarningSenderTest.warning("d", Warning.RAISED, 30));
            assertFalse(w1.allAcknowledged());
            // w1 is SIGKILLed (nothing closed); the api node's receivers are back, w2 is alive.
            receivers(vertx, db, new CopyOnWriteArrayList<>(), publish, sources);
            Set<String> live = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("w1", "w2"));
            JournalReplay replay = new JournalReplay(vertx.eventBus(), root, () -> Set.copyOf(live),
                    sources::clearFrom);
            assertEquals(List.of(), replay.replayDead(), "both are members");
            assertEquals("a:updated:null b:cleared:null c:raised:null", states(repository));

            live.remove("w1"); // dropped out of the cluster: seen as a member, so replayed at once (no quiet wait)
            assertEquals(List.of("w1"), replay.replayDead());
            assertEquals("a:cleared:worker lost b:cleared:null c:raised:null d:cleared:worker lost",
                    states(repository));
            for (String id : List.of("a", "d")) {
                Warning w = repository.find(id).orElseThrow().warning();
                assertEquals(lostAt, w.clearedAt(), id);
                assertEquals(T0, w.raisedAt(), id);
                assertEquals("jammed", w.level(), id);
                assertEquals(7, w.metrics().get("queue"), id + ": its last metrics are kept");
                assertEquals("warnings/gate1/2026-11-22/" + id + ".jpg",
                        repository.find(id).orElseThrow().snapshotFile(), id + ": its snapshot stays");
            }
            // Published as stored: the five live states (w1's and w2's interleaved), then the replayed raise and
            // the two clears.
            assertEquals(8, published.size(), published.toString());
            assertEquals(List.of("d:raised:null", "a:cleared:worker lost", "d:cleared:worker lost"),
                    published.subList(5, 8));

            // A later scan finds nothing more of w1 and clears nothing again; w2's warning is still its own.
            assertEquals(List.of(), replay.replayDead());
            assertEquals(8, published.size());
            assertEquals(List.of("c"), sources.openFrom("w2"));
            assertEquals(List.of(), sources.openFrom("w1"));
            replay.close();
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    /** Every stored warning as id:state:reason, by id. */
    private static String states(JdbcWarningRepository repository) {
        return repository.list(new WarningQuery(null, null, null, null, null, null, 100)).stream()
                .map(StoredWarning::warning).sorted(java.util.Comparator.comparing(Warning::id))
                .map(w -> w.id() + ":" + w.state() + ":" + w.metrics().get(Warning.REASON))
                .collect(java.util.stream.Collectors.joining(" "));
    }
}
