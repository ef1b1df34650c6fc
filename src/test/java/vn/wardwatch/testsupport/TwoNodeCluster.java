package vn.wardwatch.testsupport;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import vn.wardwatch.cluster.ClusterNode;
import vn.wardwatch.cluster.ClusterSettings;

/** A real two-member cluster in this JVM on loopback: an api node and a worker, each seeing the other. */
public final class TwoNodeCluster implements AutoCloseable {

    public final ClusterNode api;
    public final ClusterNode worker;

    private TwoNodeCluster(ClusterNode api, ClusterNode worker) {
        this.api = api;
        this.worker = worker;
    }

    public static TwoNodeCluster start() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        ClusterNode api = ClusterNode.start(new ClusterSettings("test-" + p1, "127.0.0.1", p1, members, null, 3),
                ClusterNode.Role.API);
        ClusterNode worker;
        try {
            worker = ClusterNode.start(new ClusterSettings("test-" + p1, "127.0.0.1", p2, members, null, 3),
                    ClusterNode.Role.WORKER);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        TwoNodeCluster cluster = new TwoNodeCluster(api, worker);
        try {
            Await.until(Duration.ofSeconds(30), "the api node sees the worker", () -> api.liveWorkers().size() == 1);
        } catch (AssertionError | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        worker.close();
        api.close();
    }
}
