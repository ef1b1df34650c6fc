package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.cluster.ClusterNode;
import vn.wardwatch.cluster.ClusterSettings;
import vn.wardwatch.cluster.ClusterWorker;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TwoNodeCluster;

/**
 * Two serve api nodes (their own data directories) on one embedded PostgreSQL database and a real worker in one JVM:
 * a camera's state change published on the clustered bus reaches both api nodes, and the IOC's webhook gets it once
 * (only the leading api node pushes); when the leader stops, the other pushes the next run's state change, once.
 */
class SeveralApiNodesServeTest {

    private static final Path SAMPLE = Path.of("samples/street.h264");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void onlyTheLeadingApiNodePushesAndTheOtherTakesOver() throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail(SAMPLE + " is missing: run ./scripts/make-sample.sh (./scripts/test.sh does)");
        }
        String url;
        try (Database db = TestDatabases.open(TestDatabases.Kind.POSTGRESQL, dir)) {
            url = db.describe();
        }
        List<JsonObject> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/hook", exchange -> {
            hooks.add(new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        int[] ports = {TwoNodeCluster.freePort(), TwoNodeCluster.freePort(), TwoNodeCluster.freePort(),
                TwoNodeCluster.freePort()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2],
                "127.0.0.1:" + ports[3]);
        String name = "apis-" + ports[0];
        AppConfig appA = config("a", url, receiver.getAddress().getPort());
        AppConfig appB = config("b", url, receiver.getAddress().getPort());
        try {
            ClusterNode nodeA = ClusterNode.start(settings(name, ports[0], members, appA), ClusterNode.Role.API);
            ServeCommand.WardWatch apiA = ServeCommand.WardWatch.start(appA, nodeA);
            ClusterNode nodeB = ClusterNode.start(settings(name, ports[1], members, appB), ClusterNode.Role.API);
            try (ServeCommand.WardWatch apiB = ServeCommand.WardWatch.start(appB, nodeB)) {
                try {
                    Await.until(WAIT, "both api nodes see each other",
                            () -> nodeA.liveMembers().size() == 2 && nodeB.liveMembers().size() == 2);
                    assertTrue(nodeA.leadsApiNodes());
                    assertFalse(nodeB.leadsApiNodes());
                    try (ClusterWorker worker = ClusterWorker.start(appA, settings(name, ports[2], members, appA))) {
                        Await.until(WAIT, "the camera online by webhook", () -> online(hooks) == 1, hooks::toString);
                    }
                } finally {
                    apiA.close();
                }
                Await.until(WAIT, "the second api node leads", nodeB::leadsApiNodes);
                try (ClusterWorker worker = ClusterWorker.start(appB, settings(name, ports[3], members, appB))) {
                    Await.until(WAIT, "the next run's online state by webhook, from the new leader",
                            () -> online(hooks) == 2, hooks::toString);
                }
            }
        } finally {
            receiver.stop(0);
        }
        List<String> ids = hooks.stream().map(h -> h.getString("id")).toList();
        assertEquals(ids.stream().distinct().count(), ids.size(), "each event delivered once: " + hooks);
        assertEquals(2, online(hooks), hooks.toString());
    }

    private static long online(List<JsonObject> hooks) {
        return hooks.stream().filter(h -> "camera_state".equals(h.getString("event"))
                && "online".equals(h.getJsonObject("data").getString("state"))).count();
    }

    private static ClusterSettings settings(String name, int port, List<String> members, AppConfig app) {
        return new ClusterSettings(name, "127.0.0.1", port, members, app.evidence().dir(), 3);
    }

    private AppConfig config(String node, String url, int hookPort) {
        String yaml = "api: {host: \"127.0.0.1\", port: 0}\n"
                + "storage: {data_dir: \"" + dir.resolve(node) + "\", database: postgresql, url: \"" + url
                + "\", user: postgres}\n"
                + "evidence: {dir: \"" + dir.resolve("shared/evidence") + "\"}\n"
                + "detector: {threads: 1}\n"
                + "push:\n"
                + "  webhooks:\n"
                + "    - {id: ioc, url: \"http://127.0.0.1:" + hookPort + "/hook\","
                + " secret: \"${HOOK_SECRET}\", events: [camera_state]}\n"
                + "cameras:\n"
                + "  cam_a:\n"
                + "    source: {url: \"" + SAMPLE.toAbsolutePath() + "\", loop: true}\n"
                + "    detect: {width: 640, height: 480, fps: 5}\n";
        return ConfigLoader.parse(yaml, "test config " + node, Map.of("HOOK_SECRET", "test-secret"));
    }
}
