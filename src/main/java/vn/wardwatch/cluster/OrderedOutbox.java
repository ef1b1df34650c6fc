package vn.wardwatch.cluster;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's outbox for messages whose order matters (a warning's raise, update and clear; upserts where the last
 * write wins): one request at a time, the oldest first, resent until acknowledged. The receiver must make a repeat
 * harmless (upsert by key): a resend after a lost ack repeats only the message it could not confirm, never an older
 * one after a newer one.
 *
 * <p>With a journal each message is written to it when added and its acknowledgement when it comes, so a SIGKILLed
 * worker's unacknowledged messages are replayed, in order, by the api node ({@link JournalReplay}).
 */
final class OrderedOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedOutbox.class);
    private static final long REQUEST_TIMEOUT_MS = 5000;
    /** While the api node is away: the oldest go first (logged), memory stays bounded. */
    static final int CAPACITY = 10_000;

    private final EventBus bus;
    private final String address;
    private final OutboxJournal journal;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private boolean inFlight;
    private final ScheduledExecutorService executor;

    private record Queued(long seq, JsonObject message) {
    }

    /** In memory only: lost on a SIGKILL. */
    OrderedOutbox(EventBus bus, String address) {
        this(bus, address, OutboxJournal.none(address));
    }

    OrderedOutbox(EventBus bus, String address, OutboxJournal journal) {
        this.bus = bus;
        this.address = address;
        this.journal = journal;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-outbox " + address);
            t.setDaemon(true);
            return t;
        });
    }

    void start(long periodMillis) {
        executor.scheduleWithFixedDelay(() -> {
            flush();
            journal.sync();
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void add(JsonObject message) {
        synchronized (this) {
            if (queue.size() >= CAPACITY) {
                Queued dropped = queue.removeFirst();
                // Out of the journal too: a replay must not put this older state after the newer ones sent since.
                journal.ack(dropped.seq());
                LOG.error("{}: {} messages not acknowledged; the oldest is dropped: {}", address, CAPACITY,
                        dropped.message().encode());
            }
            queue.addLast(new Queued(journal.append(message), message));
        }
        flush();
    }

    /** Sends the oldest unacknowledged message unless one is under way. */
    synchronized void flush() {
        if (inFlight || queue.isEmpty()) {
            return;
        }
        Queued head = queue.peekFirst();
        inFlight = true;
        bus.request(address, head.message(), new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS)).onComplete(r -> {
            boolean next;
            synchronized (this) {
                inFlight = false;
                next = r.succeeded();
                if (next && queue.peekFirst() == head) {
                    queue.removeFirst();
                    journal.ack(head.seq());
                } else if (!next) {
                    LOG.warn("{}: not acknowledged by the api node, will resend: {}", address, r.cause().getMessage());
                }
                notifyAll(); // a draining close() waits for this
            }
            if (next) {
                flush();
            }
        });
    }

    synchronized boolean allAcknowledged() {
        return queue.isEmpty() && !inFlight;
    }

    /** Sends what is left and waits up to {@code wait} for the acknowledgements. */
    void close(Duration wait) {
        executor.shutdownNow();
        if (!OutboxDrain.drain(this, this::flush, this::allAcknowledged, wait)) {
            synchronized (this) {
                LOG.error("{}: stopping with {} message(s) the api node has not acknowledged", address, queue.size());
            }
        }
        journal.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
