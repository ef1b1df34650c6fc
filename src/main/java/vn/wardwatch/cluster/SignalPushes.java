package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalColour;

/**
 * Signal states pushed through the API (controller heads) in a cluster: the api node takes the pushes on its own
 * boards and publishes each one; the worker running the camera applies it to the board its violation rules read.
 * A worker that starts a camera asks the api node for the latest push of each of its heads, so a camera taken over
 * does not wait for the controller's next push. Per head the newest push (by its {@code at}) wins on the worker:
 * the answer to that question and a publish may arrive in either order.
 */
public final class SignalPushes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalPushes.class);
    public static final String PUSHED = "wardwatch.cluster.signal.pushed";
    static final String LATEST = "wardwatch.cluster.signal.latest";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** A camera's board on this worker and the time of the newest push applied to each of its heads. */
    private record Followed(SignalBoard board, Map<String, Instant> appliedAt) {
    }

    private final Vertx vertx;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final MessageConsumer<JsonObject> consumer;

    /** The worker's side: listens to the api node's pushes. */
    public SignalPushes(Vertx vertx) {
        this.vertx = vertx;
        this.consumer = vertx.eventBus().consumer(PUSHED, m -> apply(m.body()));
    }

    /**
     * The api node's side: publishes every push accepted by {@code boards} and answers workers asking for the latest
     * pushes of a camera. Several api nodes each take pushes: each also applies the others' published pushes to its
     * own boards (newer than what it has for the head, not published again), so whichever api node a starting worker
     * asks knows the latest push.
     */
    public static void forward(Vertx vertx, Collection<SignalBoard> boards) {
        Map<String, JsonObject> latest = new ConcurrentHashMap<>();
        Map<String, SignalBoard> byCamera = new HashMap<>();
        String origin = UUID.randomUUID().toString();
        // Set while another api node's push is applied here: the board's listener must not publish it again.
        ThreadLocal<Boolean> applyingRemote = ThreadLocal.withInitial(() -> false);
        for (SignalBoard board : boards) {
            byCamera.put(board.cameraId(), board);
            // Called inside the board's lock: pushes to one board are published in the order it took them.
            board.onPush((camera, head, colour, at) -> {
                JsonObject push = json(camera, head, colour, at);
                // Newest by its time, as the workers apply them: every api node answers the same.
                latest.merge(head, push, (old, now) -> Instant.parse(now.getString("at"))
                        .isAfter(Instant.parse(old.getString("at"))) ? now : old);
                if (!applyingRemote.get()) {
                    vertx.eventBus().publish(PUSHED, push.copy().put("origin", origin));
                }
            });
        }
        vertx.eventBus().<JsonObject>consumer(PUSHED, m -> {
            JsonObject push = m.body();
            SignalBoard board = byCamera.get(push.getString("camera"));
            if (origin.equals(push.getString("origin")) || board == null) {
                return; // our own, or (a worker's consumer aside) a camera this node does not know
            }
            String head = push.getString("head");
            Instant at = Instant.parse(push.getString("at"));
            synchronized (board) {
                JsonObject known = latest.get(head);
                if (known != null && !at.isAfter(Instant.parse(known.getString("at")))) {
                    return; // already known, or older than what this node has
                }
                applyingRemote.set(true);
                try {
                    board.push(head, SignalColour.fromWireName(push.getString("state")), at);
                } catch (RuntimeException e) {
                    LOG.warn("cluster: signal push for {} from another api node not applied: {}", head,
                            e.getMessage());
                } finally {
                    applyingRemote.set(false);
                }
            }
        });
        vertx.eventBus().<JsonObject>consumer(LATEST, m -> {
            String camera = m.body().getString("camera");
            JsonArray pushes = new JsonArray();
            latest.values().stream().filter(p -> camera.equals(p.getString("camera"))).forEach(pushes::add);
            m.reply(pushes);
        });
    }

    static JsonObject json(String camera, String head, SignalColour colour, Instant at) {
        return new JsonObject().put("camera", camera).put("head", head).put("state", colour.wireName())
                .put("at", at.toString());
    }

    /** Applies pushes for {@code board}'s camera from now on, starting with the api node's latest ones. */
    public void follow(SignalBoard board) {
        if (board.isEmpty()) {
            return;
        }
        String camera = board.cameraId();
        followed.put(camera, new Followed(board, new HashMap<>()));
        vertx.eventBus().<JsonArray>request(LATEST, new JsonObject().put("camera", camera),
                new DeliveryOptions().setSendTimeout(ASK_TIMEOUT.toMillis())).onComplete(r -> {
                    if (r.failed()) {
                        // The api node is down or starting: its next pushes still arrive.
                        LOG.warn("cluster: camera {}: latest signal pushes not known ({}); its controller heads"
                                + " wait for the next push", camera, r.cause().getMessage());
                        return;
                    }
                    r.result().body().forEach(p -> apply((JsonObject) p));
                });
    }

    /** Stops applying pushes for {@code cameraId} (it stops here). */
    public void unfollow(String cameraId) {
        followed.remove(cameraId);
    }

    private void apply(JsonObject push) {
        Followed f = followed.get(push.getString("camera"));
        if (f == null) {
            return; // another worker's camera
        }
        String head = push.getString("head");
        Instant at = Instant.parse(push.getString("at"));
        synchronized (f) {
            Instant before = f.appliedAt().get(head);
            if (before != null && !at.isAfter(before)) {
                return; // already applied, or older than what was
            }
            try {
                f.board().push(head, SignalColour.fromWireName(push.getString("state")), at);
                f.appliedAt().put(head, at);
            } catch (RuntimeException e) {
                // Only with different configurations on the api node and this worker.
                LOG.warn("cluster: camera {}: signal push for {} not applied: {}", f.board().cameraId(), head,
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        consumer.unregister();
        followed.clear();
    }
}
