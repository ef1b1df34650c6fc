package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.evidence.EvidenceKeys;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.VerificationResult;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.warning.Warning;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.HttpGet;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestUsers;

/**
 * Issue 10: three JVMs on loopback (one api node, two workers), four real RTSP cameras, the real detector. One
 * worker is SIGKILLed: its cameras come up on the other within seconds, counting goes on, and the database holds
 * no count twice: each bucket is the sum of its sources, the surviving worker's stored counts equal exactly what
 * it counted (it logs them when it stops), and the killed worker's stored counts equal exactly what it logged having
 * counted: its journal, replayed by the api node, loses nothing.
 *
 * <p>The cameras also carry a restricted zone (the sample's pickup truck drives into it about four times a minute)
 * and a crowd warning (the street's pedestrians): violations, their evidence packages in the shared directory,
 * warnings and zone minutes are each stored once, the killed worker's as well as the survivor's, the survivor
 * carries them on for the moved cameras, and the API serves what is stored.
 */
class ClusterFailoverTest {

    private static final Path SAMPLE = Path.of("samples/street.h264");
    private static final List<String> CAMERAS = List.of("cam1", "cam2", "cam3", "cam4");
    private static final Pattern READY = Pattern.compile("WardWatch worker (\\S+) ready");
    private static final Pattern STOPPED = Pattern.compile("camera (\\S+) stopped on worker (\\S+) after (\\d+) counts");
    /** A worker's debug line after each count is journaled: the last one per camera is all it counted there. */
    private static final Pattern JOURNALED = Pattern.compile("camera (\\S+) journaled (\\d+) counts in all on worker (\\S+)");
    /** A worker's violation whose package is in the shared directory and whose row is in its outbox. */
    private static final Pattern WRITTEN = Pattern.compile("violation written (\\S+) camera (\\S+) on worker (\\S+)");
    /** A worker's warning raised, its snapshot written and its row in its outbox. */
    private static final Pattern RAISED = Pattern.compile("warning raised (\\S+) camera (\\S+) on worker (\\S+)");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws IOException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        // The three JVMs' logs, kept for a look after a failure (the temporary directory goes).
        Path keep = Files.createDirectories(Path.of("target", "cluster-failover-logs"));
        for (String name : List.of("api", "worker1", "worker2")) {
            if (Files.exists(dir.resolve(name + ".log"))) {
                Files.copy(dir.resolve(name + ".log"), keep.resolve(name + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void aKilledWorkersCamerasMoveAndNothingIsCountedTwice() throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail(SAMPLE + " is missing: run ./scripts/make-sample.sh (./scripts/test.sh does)");
        }
        Map<String, Path> streams = new LinkedHashMap<>();
        CAMERAS.forEach(c -> streams.put(c, SAMPLE));
        try (RtspTestServer rtsp = RtspTestServer.start(streams)) {
            int apiPort = freePort();
            int[] ports = {freePort(), freePort(), freePort()};
            String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
            Path config = dir.resolve("wardwatch.yaml");
            Files.writeString(config, config(rtsp, apiPort));
            // The shared signing key pair, made once before the three start (docs/CLUSTER.md: two nodes making it at
            // once would race); its public half checks the packages at the end.
            AppConfig app = ConfigLoader.load(config);
            PublicKey publicKey = EvidenceKeys.loadOrCreate(app.evidence().signingKey(), app.evidence().publicKey())
                    .publicKey();
            String token;
            try (Database db = Database.open(dir.resolve("data/wardwatch"))) {
                token = new TestUsers(db).token(Role.ADMIN);
            }
            String base = "http://127.0.0.1:" + apiPort;

            Process api = start("api", config, ports[0], members);
            Process first = start("worker", config, ports[1], members);
            Process second = start("worker", config, ports[2], members);
            String firstId = awaitLog("worker1", READY, 60).group(1);
            String secondId = awaitLog("worker2", READY, 60).group(1);

            Await.until(Duration.ofSeconds(60), "the api node answers and all four cameras are online",
                    () -> online(base, token).containsAll(CAMERAS), () -> safeGet(base, token));
            // Worker 2, the one killed, must own a camera. Rendezvous hashing gives all four cameras to one worker
            // 1 time in 8 (the node ids are random): if that is the first one started, the two swap roles.
            boolean swap = CameraAssignment.camerasOf(secondId, CAMERAS, List.of(firstId, secondId)).isEmpty();
            Process w1 = swap ? second : first;
            Process w2 = swap ? first : second;
            String w1Id = swap ? secondId : firstId;
            String w2Id = swap ? firstId : secondId;
            String w1Log = swap ? "worker2" : "worker1";
            String w2Log = swap ? "worker1" : "worker2";
            // Settled: the assignment is the rendezvous one over both workers.
            Set<String> w2Cameras = new TreeSet<>(CameraAssignment.camerasOf(w2Id, CAMERAS, List.of(w1Id, w2Id)));
            assertFalse(w2Cameras.isEmpty(), "worker 2 got no camera; the test needs one to move");
            Await.until(Duration.ofSeconds(30), "worker 2 reports its cameras",
                    () -> w2Cameras.stream().allMatch(c -> logOf("api").contains("camera " + c + " now runs on worker "
                            + w2Id)), () -> logOf("api"));
            // Something of each kind for the kill to cut into (the truck enters the zone ~4 times a minute).
            Await.until(Duration.ofSeconds(120), "worker 2 writes a violation and raises a warning",
                    () -> !logged(w2Log, WRITTEN, w2Id).isEmpty() && !logged(w2Log, RAISED, w2Id).isEmpty(),
                    () -> logOf(w2Log));

            // The most worker 2 has counted per camera (its status reports' totals), up to its death.
            Map<String, Long> w2Counted = totals(base, token);
            // Killed right after it journals a count: likely before that count's send is acknowledged (every 1 s).
            long journaledBefore = JOURNALED.matcher(logOf(w2Log)).results().count();
            Await.until(Duration.ofSeconds(60), "worker 2 journals a count",
                    () -> JOURNALED.matcher(logOf(w2Log)).results().count() > journaledBefore);
            w2.destroyForcibly(); // SIGKILL: no goodbye, no last flush
            w2.descendants().forEach(ProcessHandle::destroyForcibly);
            assertTrue(w2.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            System.out.println("failover: " + awaitLog("api", Pattern.compile("journal of worker " + w2Id
                    + " replayed: \\d+ unacknowledged message\\(s\\) stored"), 60).group());
            // Worker 2 closed no minute from this one on (a minute closes on the next minute's first frame).
            Instant killMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES);

            Await.until(Duration.ofSeconds(20), "worker 1 reports worker 2's cameras", () -> w2Cameras.stream()
                    .allMatch(c -> logOf("api").contains("camera " + c + " now runs on worker " + w1Id)),
                    () -> logOf("api"));
            Await.until(Duration.ofSeconds(15), "the moved cameras online again",
                    () -> online(base, token).containsAll(CAMERAS), () -> safeGet(base, token));
            System.out.printf("failover: worker 2's cameras %s online on worker 1 %.1f s after the kill%n",
                    w2Cameras, (System.nanoTime() - killedAt) / 1e9);
            Await.until(Duration.ofSeconds(120), "worker 1 counts on a moved camera",
                    () -> w2Cameras.stream().anyMatch(c -> totals(base, token).getOrDefault(c, 0L) > 0),
                    () -> safeGet(base, token));
            // A zone minute is written when the next one starts: any camera's will do (waiting for a moved camera's
            // would cost up to a minute more).
            Await.until(Duration.ofSeconds(150), "worker 1 writes a violation and raises a warning on a moved camera,"
                    + " a zone minute is stored", () -> !onCameras(logged(w1Log, WRITTEN, w1Id), w2Cameras)
                            .isEmpty() && !onCameras(logged(w1Log, RAISED, w1Id), w2Cameras).isEmpty()
                            && zoneMinutes(base, token) > 0, () -> logOf(w1Log));
            System.out.printf("failover: worker 1's violation and warning on a moved camera %.1f s after the kill%n",
                    (System.nanoTime() - killedAt) / 1e9);

            // Worker 1 stops cleanly: its pipelines log what they counted, and its last totals are acknowledged.
            w1.destroy();
            assertTrue(w1.waitFor(30, TimeUnit.SECONDS), "worker 1 did not stop");
            Served served = served(base, token, onCameras(logged(w1Log, WRITTEN, w1Id), w2Cameras),
                    onCameras(logged(w1Log, RAISED, w1Id), w2Cameras));
            api.destroy();
            assertTrue(api.waitFor(30, TimeUnit.SECONDS), "api node did not stop");

            Map<String, Long> w1Counted = new HashMap<>();
            Matcher m = STOPPED.matcher(logOf(w1Log));
            while (m.find()) {
                assertEquals(w1Id, m.group(2));
                w1Counted.merge(m.group(1), Long.parseLong(m.group(3)), Long::sum);
            }
            Map<String, Long> w2Journaled = new HashMap<>();
            Matcher j = JOURNALED.matcher(logOf(w2Log));
            while (j.find()) {
                assertEquals(w2Id, j.group(3));
                w2Journaled.put(j.group(1), Long.parseLong(j.group(2)));
            }
            // Both journals are gone: worker 1's deleted at its clean stop, worker 2's once replayed.
            try (java.util.stream.Stream<Path> left = Files.list(Files.createDirectories(dir.resolve("cluster-journal")))) {
                assertEquals(List.of(), left.toList(), "journals left behind");
            }
            try (Database db = Database.open(dir.resolve("data/wardwatch"))) {
                Map<String, Long> stored = new HashMap<>();
                try (Connection c = db.connection(); Statement s = c.createStatement()) {
                    // Every bucket is exactly the sum of what its sources reported: no retry added twice.
                    try (ResultSet rs = s.executeQuery("SELECT m.camera_id, m.minute_start_utc, m.vehicle_count, "
                            + "(SELECT SUM(vehicle_count) FROM count_minute_source x WHERE x.camera_id = m.camera_id "
                            + "AND x.line_id = m.line_id AND x.object_class = m.object_class AND x.direction = "
                            + "m.direction AND x.minute_start_utc = m.minute_start_utc) FROM count_minute m")) {
                        while (rs.next()) {
                            assertEquals(rs.getLong(3), rs.getLong(4), "bucket " + rs.getString(1) + " "
                                    + rs.getString(2) + " differs from the sum of its sources");
                        }
                    }
                    try (ResultSet rs = s.executeQuery("SELECT camera_id, source_id, SUM(vehicle_count) FROM "
                            + "count_minute_source GROUP BY camera_id, source_id")) {
                        while (rs.next()) {
                            stored.put(rs.getString(1) + "@" + rs.getString(2), rs.getLong(3));
                        }
                    }
                }
                System.out.println("failover: stored per camera@worker " + stored + "; worker 1 counted "
                        + w1Counted + "; worker 2 journaled " + w2Journaled + " (status before the kill "
                        + w2Counted + ")");
                for (String camera : CAMERAS) {
                    // Worker 1 stopped cleanly: everything it counted is stored, once.
                    assertEquals(w1Counted.getOrDefault(camera, 0L), stored.getOrDefault(camera + "@" + w1Id, 0L),
                            camera + ": worker 1's stored counts");
                }
                for (String camera : w2Cameras) {
                    // Worker 2 was killed: every count it journaled (and logged after) is stored, once.
                    long w2Logged = w2Journaled.getOrDefault(camera, 0L);
                    assertTrue(w2Logged >= w2Counted.getOrDefault(camera, 0L), camera + ": worker 2 logged "
                            + w2Logged + " counts, fewer than its status showed before the kill: " + w2Counted);
                    assertEquals(w2Logged, stored.getOrDefault(camera + "@" + w2Id, 0L),
                            camera + ": worker 2's stored counts");
                }
                assertTrue(w2Cameras.stream().anyMatch(c -> stored.getOrDefault(c + "@" + w1Id, 0L) > 0),
                        "counting went on for a moved camera on worker 1");
                assertViolations(db, served, logged(w1Log, WRITTEN, w1Id), logged(w2Log, WRITTEN, w2Id),
                        w2Cameras, app.evidence().dir(), publicKey);
                assertWarningsAndZoneMinutes(db, served, logged(w1Log, RAISED, w1Id),
                        logged(w2Log, RAISED, w2Id), w2Cameras, killMinute);
            }
        }
    }

    /**
     * Violations: each stored once, each package verifies, the survivor's all stored (it stopped cleanly), the
     * killed worker's too (its journal replayed), nothing stored that no worker wrote; the API listed them all.
     */
    private static void assertViolations(Database db, Served served, Map<String, String> w1Written,
                                  Map<String, String> w2Written, Set<String> w2Cameras, Path evidence,
                                  PublicKey publicKey) {
        List<StoredViolation> rows = new JdbcViolationRepository(db).list(
                new ViolationQuery(null, null, null, null, null, null, 10_000, null));
        Map<String, Long> perId = rows.stream().collect(Collectors.groupingBy(StoredViolation::id,
                Collectors.counting()));
        Map<String, Long> perEvent = rows.stream().collect(Collectors.groupingBy(v -> v.cameraId() + "/"
                + v.trackId() + "/" + v.type() + "/" + v.occurredAt(), Collectors.counting()));
        assertEquals(Map.of(), repeated(perId), "violation ids stored more than once");
        assertEquals(Map.of(), repeated(perEvent), "one camera+track+type+time stored more than once");
        Set<String> stored = perId.keySet();
        assertEquals(stored, served.violations(), "GET /api/v1/violations lists what is stored");

        EvidenceVerifier verifier = new EvidenceVerifier(publicKey);
        for (StoredViolation v : rows) {
            Path pkg = evidence.resolve(v.packageDir());
            assertTrue(Files.isDirectory(pkg), v.id() + ": no package at " + pkg);
            VerificationResult r = verifier.verify(pkg);
            assertTrue(r.ok(), v.id() + ": " + r.problems());
        }
        Set<String> w2Stored = new TreeSet<>(stored);
        w2Stored.removeAll(w1Written.keySet());
        System.out.printf("failover: violations stored %d; worker 1 wrote %d (%d on moved cameras), worker 2 wrote "
                + "%d, of which %d stored%n", stored.size(), w1Written.size(),
                onCameras(w1Written, w2Cameras).size(), w2Written.size(), w2Stored.size());
        // Worker 1 stopped cleanly: everything it wrote is stored, on the moved cameras too.
        assertEquals(Set.of(), missing(w1Written.keySet(), stored), "worker 1's violations not stored");
        assertFalse(onCameras(w1Written, w2Cameras).isEmpty(), "worker 1 wrote no violation on a moved camera");
        // Worker 2 was killed: what it had written (package in the shared directory, row journaled) is stored.
        assertEquals(new TreeSet<>(w2Written.keySet()), w2Stored, "worker 2's violations stored");
    }

    /** Warnings and zone minutes: stored on the api node once each, the survivor's raised on a moved camera. */
    private static void assertWarningsAndZoneMinutes(Database db, Served served, Map<String, String> w1Raised,
                                                     Map<String, String> w2Raised, Set<String> w2Cameras,
                                                     Instant killMinute) throws SQLException {
        List<StoredWarning> rows = new JdbcWarningRepository(db).list(
                new WarningQuery(null, null, null, null, null, null, 10_000));
        Map<String, Long> perId = rows.stream().collect(Collectors.groupingBy(w -> w.warning().id(),
                Collectors.counting()));
        assertEquals(Map.of(), repeated(perId), "warning ids stored more than once");
        Set<String> stored = perId.keySet();
        assertEquals(stored, served.warnings(), "GET /api/v1/warnings lists what is stored");
        Set<String> raised = new TreeSet<>(w1Raised.keySet());
        raised.addAll(w2Raised.keySet());
        assertEquals(Set.of(), missing(stored, raised), "warnings stored that no worker raised");
        assertEquals(Set.of(), missing(w1Raised.keySet(), stored), "worker 1's warnings not stored");
        // The killed worker's too: a raise is logged once its row is journaled.
        assertEquals(Set.of(), missing(w2Raised.keySet(), stored), "worker 2's warnings not stored");
        assertFalse(onCameras(w1Raised, w2Cameras).isEmpty(), "worker 1 raised no warning on a moved camera");
        // None is left open without a watcher: the killed worker's open ones were cleared by the api node once its
        // journal was replayed ("worker lost"), the survivor's at its clean stop ("analysis stopped").
        Map<String, Long> reasons = new TreeMap<>();
        for (StoredWarning row : rows) {
            Warning w = row.warning();
            assertFalse(w.active(), w.id() + " (" + w.cameraId() + ") is still " + w.state());
            Object reason = w.metrics().get(Warning.REASON);
            String own = w2Raised.containsKey(w.id()) ? Warning.WORKER_LOST : Warning.ANALYSIS_STOPPED;
            assertTrue(reason == null || reason.equals(own), w.id() + " cleared for " + reason);
            reasons.merge(w2Raised.containsKey(w.id()) ? "worker 2 " + reason : "worker 1 " + reason, 1L, Long::sum);
        }
        System.out.println("failover: warnings cleared by reason " + reasons);

        Map<String, Long> minutes = new TreeMap<>();
        int movedMinutes = 0;
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT camera_id, zone_id, minute_start_utc, COUNT(*) FROM zone_minute "
                     + "GROUP BY camera_id, zone_id, minute_start_utc")) {
            while (rs.next()) {
                minutes.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getLong(4));
                Instant start = rs.getObject(3, OffsetDateTime.class).toInstant();
                movedMinutes += w2Cameras.contains(rs.getString(1)) && !start.isBefore(killMinute) ? 1 : 0;
            }
        }
        assertEquals(Map.of(), repeated(minutes), "zone minutes stored more than once");
        assertEquals(minutes.size(), served.zoneMinutes(), "GET /api/v1/zones/minutes lists what is stored");
        assertFalse(minutes.isEmpty(), "no zone minute stored");
        System.out.printf("failover: warnings stored %d; worker 1 raised %d (%d on moved cameras), worker 2 raised "
                + "%d; zone minutes stored %d (%d by worker 1 on moved cameras)%n", stored.size(), w1Raised.size(),
                onCameras(w1Raised, w2Cameras).size(), w2Raised.size(), minutes.size(), movedMinutes);
    }

    /** What the api node served once the workers stopped: the violation and warning ids, the zone minutes. */
    private record Served(Set<String> violations, Set<String> warnings, int zoneMinutes) {
    }

    /**
     * The lists as an admin sees them (each must answer 200), and one of the survivor's violations on a moved
     * camera verified and one of its warnings' snapshots fetched through the api node, from the shared directory.
     */
    private static Served served(String base, String token, Map<String, String> movedViolations,
                                 Map<String, String> movedWarnings) {
        String violation = movedViolations.keySet().iterator().next();
        JsonObject verified = new JsonObject(HttpGet.ok(token, base + "/api/v1/violations/" + violation + "/verify"));
        assertTrue(verified.getBoolean("ok"), verified.encode());
        HttpGet.ok(token, base + "/api/v1/violations/" + violation);
        HttpGet.ok(token, base + "/api/v1/warnings/" + movedWarnings.keySet().iterator().next() + "/snapshot");
        return new Served(ids(base, token, "/api/v1/violations?limit=500", "violations"),
                ids(base, token, "/api/v1/warnings?limit=500", "warnings"),
                zoneMinutes(base, token));
    }

    private static int zoneMinutes(String base, String token) {
        return new JsonObject(HttpGet.ok(token, base + "/api/v1/zones/minutes?limit=10080")).getJsonArray("minutes")
                .size();
    }

    private static Set<String> ids(String base, String token, String path, String key) {
        Set<String> ids = new TreeSet<>();
        for (Object o : new JsonObject(HttpGet.ok(token, base + path)).getJsonArray(key)) {
            ids.add(((JsonObject) o).getString("id"));
        }
        return ids;
    }

    /** Each id a worker logged with {@code pattern} (id, camera, worker) -> its camera; only this worker's lines. */
    private Map<String, String> logged(String name, Pattern pattern, String workerId) {
        Map<String, String> out = new TreeMap<>();
        Matcher m = pattern.matcher(logOf(name));
        while (m.find()) {
            assertEquals(workerId, m.group(3), name + " logged for another worker: " + m.group());
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static Map<String, String> onCameras(Map<String, String> idToCamera, Set<String> cameras) {
        Map<String, String> out = new TreeMap<>(idToCamera);
        out.values().retainAll(cameras);
        return out;
    }

    /** The keys counted more than once. */
    private static Map<String, Long> repeated(Map<String, Long> counts) {
        Map<String, Long> out = new TreeMap<>(counts);
        out.values().removeIf(n -> n <= 1);
        return out;
    }

    private static Set<String> missing(Set<String> wanted, Set<String> in) {
        Set<String> out = new TreeSet<>(wanted);
        out.removeAll(in);
        return out;
    }

    private Process start(String role, Path config, int port, String members) throws IOException {
        String cluster = "failover-" + members.hashCode(); // one name for the three, none shared with other runs
        String name = role.equals("api") ? "api" : "worker" + (processes.size());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.log." + CountSender.class.getName() + "=debug",
                "vn.wardwatch.app.Main", "serve", "-c", config.toString(), "--role", role,
                "--cluster-name", cluster, "--cluster-port", Integer.toString(port),
                "--cluster-members", members, "--cluster-failure-seconds", "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private String logOf(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    private Matcher awaitLog(String name, Pattern pattern, int seconds) throws InterruptedException {
        Matcher[] found = new Matcher[1];
        Await.until(Duration.ofSeconds(seconds), name + " logs " + pattern, () -> {
            Matcher m = pattern.matcher(logOf(name));
            if (m.find()) {
                found[0] = m;
                return true;
            }
            return false;
        }, () -> logOf(name));
        return found[0];
    }

    private static String safeGet(String base, String token) {
        try {
            return HttpGet.ok(token, base + "/api/v1/cameras");
        } catch (RuntimeException | AssertionError e) {
            return e.toString();
        }
    }

    private static JsonArray cameras(String base, String token) {
        Object body = new JsonObject(HttpGet.ok(token, base + "/api/v1/cameras")).getValue("cameras");
        return (JsonArray) body;
    }

    private static Set<String> online(String base, String token) {
        try {
            Set<String> ids = new TreeSet<>();
            for (Object o : cameras(base, token)) {
                JsonObject c = (JsonObject) o;
                if ("online".equals(c.getString("state"))) {
                    ids.add(c.getString("id"));
                }
            }
            return ids;
        } catch (RuntimeException | AssertionError e) {
            return Set.of(); // not answering yet
        }
    }

    /** Each camera's count totals since its pipeline started, from the live view (the list has no totals). */
    private static Map<String, Long> totals(String base, String token) {
        Map<String, Long> out = new HashMap<>();
        for (Object o : new JsonObject(HttpGet.ok(token, base + "/api/v1/live")).getJsonArray("cameras")) {
            JsonObject c = (JsonObject) o;
            out.put(c.getString("id"), c.getJsonArray("totals").stream()
                    .mapToLong(t -> ((JsonObject) t).getLong("count")).sum());
        }
        return out;
    }

    private String config(RtspTestServer rtsp, int apiPort) {
        StringBuilder cameras = new StringBuilder();
        for (String id : CAMERAS) {
            cameras.append("""
                      %s:
                        source:
                          url: "%s"
                          stall_timeout_seconds: 10   # generous: four cameras and three JVMs share two cores
                        detect: {width: 640, height: 480, fps: 3}
                        geometry:
                          lines:
                            - id: road_middle
                              points: [[330, 130], [330, 420]]
                          zones:
                            - id: street
                              points: [[0, 0], [640, 0], [640, 480], [0, 480]]
                          # The east half: the pickup truck drives into it on each eastbound pass (~4 a minute).
                          restricted_zones:
                            - id: east_half
                              points: [[320, 0], [640, 0], [640, 480], [320, 480]]
                              banned_classes: [car, truck, bus]
                        violations: {enabled: true, clip_before_seconds: 1, clip_after_seconds: 1}
                        traffic:
                          min_seconds: 1
                          zones:
                            street:
                              crowd: {people: 2, seconds: 1}   # the street's pedestrians
                    """.formatted(id, rtsp.url(id)));
        }
        return "api: {host: \"127.0.0.1\", port: " + apiPort + "}\n"
                + "storage: {data_dir: \"" + dir.resolve("data") + "\"}\n"
                + "evidence: {dir: \"" + dir.resolve("shared-evidence") + "\"}\n"
                + "detector: {threads: 1}\n"
                + "cameras:\n" + cameras;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
