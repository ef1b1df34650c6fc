package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TwoNodeCluster;

/**
 * Signal states pushed through the API reach the board the worker's violation rules read, over a real clustered
 * event bus (two Hazelcast members in this JVM): the latest push when the worker starts the camera, then each new
 * one; an older push arriving later does not undo a newer one.
 */
class SignalPushesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    private static SignalBoard board() {
        return new SignalBoard("gate1", List.of(new SignalHeadConfig("sig1", new BoundingBox(0, 0, 10, 30), false)));
    }

    private static SignalColour colour(SignalBoard board) {
        return board.state("sig1").orElseThrow().colour();
    }

    private static boolean asks(TwoNodeCluster cluster) {
        try {
            cluster.worker.vertx().eventBus().request(SignalPushes.LATEST, new JsonObject().put("camera", "none"))
                    .await(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void twoApiNodesApplyEachOthersPushesOnceAndNeverAnOlderOne() throws Exception {
        // Both members act as api nodes here (the role attribute plays no part in the pushes).
        try (TwoNodeCluster cluster = TwoNodeCluster.start()) {
            SignalBoard onA = board();
            SignalBoard onB = board();
            SignalBoard otherOnA = otherBoard();
            SignalBoard otherOnB = otherBoard();
            SignalPushes.forward(cluster.api.vertx(), List.of(onA, otherOnA));
            SignalPushes.forward(cluster.worker.vertx(), List.of(onB, otherOnB));
            // Every push published, as seen on A's side: an echo would show as A publishing B's push again.
            List<JsonObject> published = new CopyOnWriteArrayList<>();
            cluster.api.vertx().eventBus().<JsonObject>consumer(SignalPushes.PUSHED, m -> published.add(m.body()));
            // Pushed again until the subscriptions have spread.
            Await.until(Duration.ofSeconds(20), "A's push reaches B", () -> {
                onA.push("sig1", SignalColour.RED, T0);
                return onB.state("sig1").orElseThrow().colour() == SignalColour.RED;
            });
            Await.until(Duration.ofSeconds(20), "B's push reaches A", () -> {
                onB.push("sig1", SignalColour.GREEN, T0.plusSeconds(5));
                return colour(onA) == SignalColour.GREEN;
            });
            // A late push from before green made on B, then a push on another camera: messages from B reach A in
            // order, so once A has the second, it has handled the late one: A keeps green.
            onB.push("sig1", SignalColour.RED, T0.plusSeconds(1));
            otherOnB.push("sig2", SignalColour.GREEN, T0.plusSeconds(6));
            Await.until(Duration.ofSeconds(20), "the other camera's push reaches A",
                    () -> otherOnA.state("sig2").orElseThrow().colour() == SignalColour.GREEN);
            assertEquals(SignalColour.GREEN, colour(onA), "an older push from another api node is not applied");
            Await.until(Duration.ofSeconds(20), "A's publisher sees B's last push",
                    () -> published.stream().anyMatch(p -> "sig2".equals(p.getString("head"))));
            java.util.Set<String> originsOfGreen = new java.util.HashSet<>();
            published.stream().filter(p -> "green".equals(p.getString("state")) && "sig1".equals(p.getString("head")))
                    .forEach(p -> originsOfGreen.add(p.getString("origin")));
            assertEquals(1, originsOfGreen.size(), "B's push published by B only, never echoed: " + published);
            // Either node answers a worker's question with the latest push.
            for (int i = 0; i < 4; i++) {
                io.vertx.core.json.JsonArray answer = cluster.worker.vertx().eventBus()
                        .<io.vertx.core.json.JsonArray>request(SignalPushes.LATEST,
                                new JsonObject().put("camera", "gate1")).await(5, TimeUnit.SECONDS).body();
                assertEquals(1, answer.size(), answer::encode);
                assertEquals(T0.plusSeconds(5).toString(), answer.getJsonObject(0).getString("at"), answer::encode);
            }
        }
    }

    private static SignalBoard otherBoard() {
        return new SignalBoard("gate2", List.of(new SignalHeadConfig("sig2", new BoundingBox(0, 0, 10, 30), false)));
    }

    @Test
    void aWorkerStartingTheCameraGetsTheLatestPushThenEveryNewerOne() throws Exception {
        try (TwoNodeCluster cluster = TwoNodeCluster.start()) {
            SignalBoard onApi = board();
            SignalPushes.forward(cluster.api.vertx(), List.of(onApi));
            // The controller pushed red before the worker started the camera.
            onApi.push("sig1", SignalColour.RED, T0);

            SignalBoard onWorker = board();
            List<String> applied = new CopyOnWriteArrayList<>();
            onWorker.onPush((camera, head, colour, at) -> applied.add(colour.wireName() + "@" + at));
            SignalPushes worker = new SignalPushes(cluster.worker.vertx());
            // Subscriptions take a moment to spread: wait until the worker reaches the api node's answers.
            Await.until(Duration.ofSeconds(20), "the api node answers the worker", () -> asks(cluster));
            worker.follow(onWorker);
            Await.until(Duration.ofSeconds(20), "the worker learns the latest push at camera start",
                    () -> colour(onWorker) == SignalColour.RED);

            // Pushed again until the worker's subscription has reached the api node: applied once all the same.
            Await.until(Duration.ofSeconds(20), "green reaches the worker", () -> {
                onApi.push("sig1", SignalColour.GREEN, T0.plusSeconds(5));
                return colour(onWorker) == SignalColour.GREEN;
            }, applied::toString);
            // A late push from before green, then a newer one: the late one is skipped on the worker.
            onApi.push("sig1", SignalColour.RED, T0.plusSeconds(1));
            onApi.push("sig1", SignalColour.YELLOW, T0.plusSeconds(10));
            Await.until(Duration.ofSeconds(20), "yellow reaches the worker", () -> colour(onWorker)
                    == SignalColour.YELLOW, applied::toString);
            assertEquals(List.of("red@" + T0, "green@" + T0.plusSeconds(5), "yellow@" + T0.plusSeconds(10)),
                    applied, "each push applied once, the late one not at all");

            // The camera moved away: pushes no longer touch this worker's (stopped) board.
            worker.unfollow("gate1");
            onApi.push("sig1", SignalColour.RED, T0.plusSeconds(20));
            SignalBoard taker = board();
            SignalPushes other = new SignalPushes(cluster.worker.vertx());
            other.follow(taker);
            Await.until(Duration.ofSeconds(20), "the worker taking the camera over starts from red",
                    () -> colour(taker) == SignalColour.RED);
            assertEquals(SignalColour.YELLOW, colour(onWorker));
            worker.close();
            other.close();
        }
    }
}
