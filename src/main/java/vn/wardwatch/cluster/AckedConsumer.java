package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api node's end of a worker outbox: each message is stored off the event loop, one at a time (ordered
 * blocking calls, so find-then-add needs no database-side conflict handling), then acknowledged with what the store
 * returned. A failure answers 500 and the worker resends; every store is idempotent, so a resend changes nothing.
 */
final class AckedConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(AckedConsumer.class);

    /** Stores one message; the result is the reply. */
    interface Store<T> {
        T store(JsonObject message) throws Exception;
    }

    /** What happens after a message was stored, before the reply (e.g. the live event). */
    interface AfterStore<T> {
        void stored(JsonObject message, T result);
    }

    private AckedConsumer() {
    }

    /** @param what names the kind of message in errors ("counts", "violation", ...) */
    static <T> MessageConsumer<JsonObject> start(Vertx vertx, String address, String what, Store<T> store,
                                                 AfterStore<T> after) {
        return vertx.eventBus().<JsonObject>consumer(address, m -> vertx.executeBlocking(() -> store.store(m.body()))
                .onComplete(r -> {
                    if (r.succeeded()) {
                        after.stored(m.body(), r.result());
                        m.reply(r.result());
                    } else {
                        LOG.warn("{} not stored ({}): {}", what, m.body().getString("camera"), r.cause().getMessage());
                        m.fail(500, what + " not stored: " + r.cause().getMessage());
                    }
                }));
    }
}
