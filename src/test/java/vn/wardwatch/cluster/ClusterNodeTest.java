package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.wardwatch.testsupport.Await;

class ClusterNodeTest {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void workersSeeEachOtherAndTheEventBusCrossesMembers() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        ClusterSettings s1 = new ClusterSettings("test-" + p1, "127.0.0.1", p1, members, null, 3);
        ClusterSettings s2 = new ClusterSettings("test-" + p1, "127.0.0.1", p2, members, null, 3);
        try (ClusterNode api = ClusterNode.start(s1, ClusterNode.Role.API);
             ClusterNode worker = ClusterNode.start(s2, ClusterNode.Role.WORKER)) {
            Await.until(Duration.ofSeconds(20), "the api node sees the worker", () -> api.liveWorkers().size() == 1);
            assertEquals(List.of(worker.nodeId()), api.liveWorkers());
            api.vertx().eventBus().consumer("test.ping", m -> m.reply("pong:" + m.body()));
            Await.until(Duration.ofSeconds(20), "a request crosses to the api node", () -> {
                try {
                    return "pong:1".equals(worker.vertx().eventBus().request("test.ping", "1")
                            .await(2, TimeUnit.SECONDS).body());
                } catch (Exception e) {
                    return false; // the subscription has not reached the worker yet
                }
            });
            assertTrue(worker.liveWorkers().contains(worker.nodeId()));
        }
    }
}
