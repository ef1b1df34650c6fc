package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationRepository;

/**
 * The api node's end of {@link ViolationSender}: inserts the row if its id is absent, then acknowledges. A resend
 * (lost ack, failover) finds the row and is acknowledged without a second insert or a second live event. One api
 * node, one writer thread: find-then-add needs no database-side conflict handling.
 */
public final class ViolationReceiver {

    private ViolationReceiver() {
    }

    /** @param stored called once per newly stored violation (the live event, as in one process) */
    public static MessageConsumer<JsonObject> start(Vertx vertx, ViolationRepository repository,
                                                    Consumer<StoredViolation> stored) {
        return AckedConsumer.start(vertx, ViolationSender.ADDRESS, "violation", body -> {
            StoredViolation v = ViolationSender.fromJson(body);
            if (repository.find(v.id()).isPresent()) {
                return false;
            }
            repository.add(v);
            return true;
        }, (body, added) -> {
            if (added) {
                stored.accept(ViolationSender.fromJson(body));
            }
        });
    }
}
