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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.storage.jdbc.Database;
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
 */
class ClusterFailoverTest {

    private static final Path SAMPLE = Path.of("samples/street.h264");
    private static final List<String> CAMERAS = List.of("cam1", "cam2", "cam3", "cam4");
    private static final Pattern READY = Pattern.compile("WardWatch worker (\\S+) ready");
    private static final Pattern STOPPED = Pattern.compile("camera (\\S+) stopped on worker (\\S+) after (\\d+) counts");
    /** A worker's debug line after each count is journaled: the last one per camera is all it counted there. */
    private static final Pattern JOURNALED = Pattern.compile("camera (\\S+) journaled (\\d+) counts in all on worker (\\S+)");

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
            String token;
            try (Database db = Database.open(dir.resolve("data/wardwatch"))) {
                token = new TestUsers(db).token(Role.ADMIN);
            }
            String base = "http://127.0.0.1:" + apiPort;

            Process api = start("api", config, ports[0], members);
            Process w1 = start("worker", config, ports[1], members);
            Process w2 = start("worker", config, ports[2], members);
            String w1Id = awaitLog("worker1", READY, 60).group(1);
            String w2Id = awaitLog("worker2", READY, 60).group(1);

            Await.until(Duration.ofSeconds(60), "the api node answers and all four cameras are online",
                    () -> online(base, token).containsAll(CAMERAS), () -> safeGet(base, token));
            // Settled: the assignment is the rendezvous one over both workers.
            Set<String> w2Cameras = new TreeSet<>(CameraAssignment.camerasOf(w2Id, CAMERAS, List.of(w1Id, w2Id)));
            assertFalse(w2Cameras.isEmpty(), "worker 2 got no camera; the test needs one to move");
            Await.until(Duration.ofSeconds(30), "worker 2 reports its cameras",
                    () -> w2Cameras.stream().allMatch(c -> logOf("api").contains("camera " + c + " now runs on worker "
                            + w2Id)), () -> logOf("api"));

            // The most worker 2 has counted per camera (its status reports' totals), up to its death.
            Map<String, Long> w2Counted = totals(base, token);
            // Killed right after it journals a count: likely before that count's send is acknowledged (every 1 s).
            long journaledBefore = JOURNALED.matcher(logOf("worker2")).results().count();
            Await.until(Duration.ofSeconds(60), "worker 2 journals a count",
                    () -> JOURNALED.matcher(logOf("worker2")).results().count() > journaledBefore);
            w2.destroyForcibly(); // SIGKILL: no goodbye, no last flush
            w2.descendants().forEach(ProcessHandle::destroyForcibly);
            assertTrue(w2.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            System.out.println("failover: " + awaitLog("api", Pattern.compile("journal of worker " + w2Id
                    + " replayed: \\d+ unacknowledged message\\(s\\) stored"), 60).group());

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

            // Worker 1 stops cleanly: its pipelines log what they counted, and its last totals are acknowledged.
            w1.destroy();
            assertTrue(w1.waitFor(30, TimeUnit.SECONDS), "worker 1 did not stop");
            api.destroy();
            assertTrue(api.waitFor(30, TimeUnit.SECONDS), "api node did not stop");

            Map<String, Long> w1Counted = new HashMap<>();
            Matcher m = STOPPED.matcher(logOf("worker1"));
            while (m.find()) {
                assertEquals(w1Id, m.group(2));
                w1Counted.merge(m.group(1), Long.parseLong(m.group(3)), Long::sum);
            }
            Map<String, Long> w2Journaled = new HashMap<>();
            Matcher j = JOURNALED.matcher(logOf("worker2"));
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
            }
        }
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
