package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationRepository;

/**
 * The api node's end of {@link ViolationSender}: inserts the row if its id is absent, then acknowledges. A resend
 * (lost ack, failover) finds the row and is acknowledged without a second insert or a second live event. One api
 * node, one writer thread: find-then-add needs no database-side conflict handling.
 */
public final class ViolationReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(ViolationReceiver.class);

    private ViolationReceiver() {
    }

    /** @param stored called once per newly stored violation (the live event, as in one process) */
    public static MessageConsumer<JsonObject> start(Vertx vertx, ViolationRepository repository,
                                                    Consumer<StoredViolation> stored) {
        return vertx.eventBus().<JsonObject>consumer(ViolationSender.ADDRESS, m -> {
            StoredViolation v = ViolationSender.fromJson(m.body());
            // Ordered blocking calls: one database write at a time, off the event loop.
            vertx.executeBlocking(() -> {
                if (repository.find(v.id()).isPresent()) {
                    return false;
                }
                repository.add(v);
                return true;
            }).onComplete(r -> {
                if (r.succeeded()) {
                    if (r.result()) {
                        stored.accept(v);
                    }
                    m.reply(r.result());
                } else {
                    LOG.warn("violation {} not stored: {}", v.id(), r.cause().getMessage());
                    m.fail(500, "violation not stored: " + r.cause().getMessage());
                }
            });
        });
    }
}
