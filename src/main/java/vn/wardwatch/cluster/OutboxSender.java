package vn.wardwatch.cluster;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a worker's repository-shaped senders share (warnings, zone minutes, plates): each "stores" by queueing one
 * message in its own {@link OrderedOutbox}, which the worker starts, and drains at shutdown.
 */
public abstract class OutboxSender implements AutoCloseable {

    private final OrderedOutbox outbox;

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    OutboxSender(EventBus bus, String address) {
        this.outbox = new OrderedOutbox(bus, address);
    }

    /** Journaled into {@code journalDirectory} (this worker run's, in the shared directory): replayed if it dies. */
    OutboxSender(EventBus bus, String address, Path journalDirectory) {
        this.outbox = new OrderedOutbox(bus, address, OutboxJournal.create(journalDirectory, address));
    }

    /** Queues the message; it is sent at once and resent until acknowledged. */
    final void send(JsonObject message) {
        outbox.add(message);
    }

    /** Resends unacknowledged messages every {@code periodMillis}. */
    public final void start(long periodMillis) {
        outbox.start(periodMillis);
    }

    /** Sends the oldest unacknowledged message now (the periodic resend, by hand). */
    public final void flush() {
        outbox.flush();
    }

    public final boolean allAcknowledged() {
        return outbox.allAcknowledged();
    }

    /** Sends what is left and waits up to {@code wait} for the acknowledgements. */
    public final void close(Duration wait) {
        outbox.close(wait);
    }

    @Override
    public final void close() {
        outbox.close();
    }
}
