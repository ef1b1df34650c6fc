package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @TempDir
    Path dir;

    /** A journal root holding one dead worker's journal directory, last written a minute ago. */
    private static Path deadJournal(Path root) throws Exception {
        Path journal = Files.createDirectories(root.resolve("dead-worker"));
        Files.setLastModifiedTime(journal, FileTime.from(Instant.now().minusSeconds(60)));
        return root;
    }

    @Test
    void theOldestApiNodeLeadsAndTheNextTakesOverWhenItLeaves() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        int p3 = freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2, "127.0.0.1:" + p3);
        String name = "test-" + p1;
        // A worker joins first: the leader is the oldest api node, not the oldest member.
        try (ClusterNode worker = ClusterNode.start(new ClusterSettings(name, "127.0.0.1", p1, members, null, 3),
                ClusterNode.Role.WORKER)) {
            ClusterNode first = ClusterNode.start(new ClusterSettings(name, "127.0.0.1", p2, members, null, 3),
                    ClusterNode.Role.API);
            try {
                Await.until(Duration.ofSeconds(20), "the worker sees the first api node",
                        () -> worker.liveMembers().size() == 2);
                try (ClusterNode second = ClusterNode.start(
                        new ClusterSettings(name, "127.0.0.1", p3, members, null, 3), ClusterNode.Role.API)) {
                    Await.until(Duration.ofSeconds(20), "all three see each other",
                            () -> first.liveMembers().size() == 3 && second.liveMembers().size() == 3
                                    && worker.liveMembers().size() == 3);
                    assertTrue(first.leadsApiNodes(), "the first api node to join leads");
                    assertFalse(second.leadsApiNodes(), "only one leads");
                    assertFalse(worker.leadsApiNodes(), "a worker never leads");
                    // Each api node's journal replay, over its own copy of a dead worker's (empty, long quiet)
                    // journal so that either one replaying shows: only the leader's replays.
                    List<String> replayed = new java.util.concurrent.CopyOnWriteArrayList<>();
                    Path rootA = deadJournal(dir.resolve("a"));
                    Path rootB = deadJournal(dir.resolve("b"));
                    try (JournalReplay a = JournalReplay.startAfter(List.of(), first, rootA, s -> replayed.add("a"));
                         JournalReplay b = JournalReplay.startAfter(List.of(), second, rootB,
                                 s -> replayed.add("b"))) {
                        Await.until(Duration.ofSeconds(20), "the leader replays", () -> replayed.contains("a"));
                        assertEquals(List.of(), b.replayDead(), "a follower replays nothing");
                        assertTrue(Files.isDirectory(rootB.resolve("dead-worker")));
                        first.close();
                        Await.until(Duration.ofSeconds(20), "the second api node takes over", second::leadsApiNodes);
                        assertFalse(worker.leadsApiNodes());
                        Await.until(Duration.ofSeconds(20), "the new leader replays (at the membership change)",
                                () -> replayed.contains("b"));
                        assertEquals(List.of("a", "b"), replayed);
                    }
                }
            } finally {
                first.close();
            }
        }
    }
}
