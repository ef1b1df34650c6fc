package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;

/** The api node's end of {@link CountSender}: stores a worker's absolute totals idempotently, then acknowledges. */
public final class CountReceiver {

    private CountReceiver() {
    }

    public static MessageConsumer<JsonObject> start(Vertx vertx, CountUpserts upserts) {
        return AckedConsumer.start(vertx, CountSender.ADDRESS, "counts",
                body -> upserts.upsertTotals(body.getString("source"), CountSender.buckets(body),
                        ZoneOffset.ofTotalSeconds(body.getInteger("offset"))),
                (body, result) -> { });
    }
}
