package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.CameraStateRepository;

/**
 * A worker's camera state history: each change is sent to the api node, which stores it. Sent once: a change lost
 * with a dead api node is only history, the live state comes again with every status report.
 */
public final class StateSender implements CameraStateRepository {

    private static final Logger LOG = LoggerFactory.getLogger(StateSender.class);
    public static final String ADDRESS = "wardwatch.cluster.state";

    private final EventBus bus;

    public StateSender(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void record(String cameraId, String state, Instant at, ZoneOffset offset, String detail) {
        bus.request(ADDRESS, new JsonObject().put("camera", cameraId).put("state", state)
                .put("at", at.toEpochMilli()).put("offset", offset.getTotalSeconds()).put("detail", detail))
                .onFailure(e -> LOG.warn("camera {}: state {} not stored by the api node: {}", cameraId, state,
                        e.getMessage()));
    }

    @Override
    public List<CameraStateChange> recent(String cameraId, int limit) {
        return List.of(); // the history is on the api node
    }

    /** The api node's end: stores each change in {@code history}. */
    public static void receive(Vertx vertx, CameraStateRepository history) {
        vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> {
            JsonObject b = m.body();
            vertx.executeBlocking(() -> {
                history.record(b.getString("camera"), b.getString("state"), Instant.ofEpochMilli(b.getLong("at")),
                        ZoneOffset.ofTotalSeconds(b.getInteger("offset")), b.getString("detail"));
                return null;
            }).onComplete(r -> {
                if (r.succeeded()) {
                    m.reply(true);
                } else {
                    m.fail(500, "camera state not stored: " + r.cause().getMessage());
                }
            });
        });
    }
}
