package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TwoNodeCluster;
import vn.wardwatch.warning.Warning;

/**
 * Several api nodes: each knows the sources of the warnings it stored. When the leader has replayed a dead worker's
 * journal it announces the worker lost, and every api node clears that worker's open warnings it stored, over a real
 * clustered event bus (both members act as api nodes here).
 */
class LostWorkerWarningsTest {

    @TempDir
    Path dir;

    @Test
    void everyApiNodeClearsTheLostWorkersWarningsItStored() throws Exception {
        try (TwoNodeCluster cluster = TwoNodeCluster.start(); Database db = Database.open(dir.resolve("ww"))) {
            JdbcWarningRepository repository = new JdbcWarningRepository(db);
            WarningSources onA = new WarningSources(cluster.api.vertx().eventBus(), repository, Clock.systemUTC());
            WarningSources onB = new WarningSources(cluster.worker.vertx().eventBus(), repository,
                    Clock.systemUTC());
            listen(cluster.api, onA, repository);
            listen(cluster.worker, onB, repository);
            // The dead worker's two open warnings, one stored by each api node; a live worker's on B.
            StoredWarning storedByA = WarningSenderTest.warning("on-a", Warning.RAISED, 0);
            StoredWarning storedByB = WarningSenderTest.warning("on-b", Warning.RAISED, 0);
            StoredWarning alive = WarningSenderTest.warning("alive", Warning.RAISED, 0);
            for (StoredWarning w : new StoredWarning[] {storedByA, storedByB, alive}) {
                repository.save(w);
            }
            onA.stored(storedByA.warning(), "dead");
            onB.stored(storedByB.warning(), "dead");
            onB.stored(alive.warning(), "live");

            // Announced by the leader (A) until B's subscription has spread: a repeat clears nothing more.
            Await.until(Duration.ofSeconds(30), "both nodes clear the lost worker's warnings", () -> {
                WarningSources.announceLost(cluster.api.vertx(), "dead");
                return !state("on-a", repository).active() && !state("on-b", repository).active();
            });
            assertEquals(Warning.WORKER_LOST, state("on-b", repository).metrics().get("reason"));
            assertEquals(Warning.WORKER_LOST, state("on-a", repository).metrics().get("reason"));
            assertEquals(Warning.RAISED, state("alive", repository).state(), "a live worker's warning stays open");
        }
    }

    /** An api node's warning receiver and its handler of lost-worker announcements. */
    private static void listen(ClusterNode node, WarningSources sources, JdbcWarningRepository repository)
            throws Exception {
        WarningSender.receive(node.vertx(), repository, w -> { }, sources).completion().await(10, TimeUnit.SECONDS);
        sources.clearWhenAnnounced(node.vertx()).completion().await(10, TimeUnit.SECONDS);
    }

    private static Warning state(String id, JdbcWarningRepository repository) {
        return repository.find(id).orElseThrow().warning();
    }
}
