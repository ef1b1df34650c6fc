package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The api node's end of {@link CountSender}: stores a worker's absolute totals idempotently, then acknowledges. */
public final class CountReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(CountReceiver.class);

    private CountReceiver() {
    }

    public static MessageConsumer<JsonObject> start(Vertx vertx, CountUpserts upserts) {
        return vertx.eventBus().<JsonObject>consumer(CountSender.ADDRESS, m -> {
            JsonObject body = m.body();
            // Ordered blocking calls: one database write at a time, off the event loop.
            vertx.executeBlocking(() -> upserts.upsertTotals(body.getString("source"), CountSender.buckets(body),
                    ZoneOffset.ofTotalSeconds(body.getInteger("offset")))).onComplete(r -> {
                if (r.succeeded()) {
                    m.reply(r.result());
                } else {
                    LOG.warn("counts of camera {} from {} not stored: {}", body.getString("camera"),
                            body.getString("source"), r.cause().getMessage());
                    m.fail(500, "counts not stored: " + r.cause().getMessage());
                }
            });
        });
    }
}
