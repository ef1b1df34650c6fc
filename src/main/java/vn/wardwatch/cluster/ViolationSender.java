package vn.wardwatch.cluster;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.ViolationRepository;
import vn.wardwatch.storage.ViolationReview;

/**
 * A worker's outbox for violations. The worker's {@code ViolationRecorder} writes the evidence package into the
 * shared evidence directory, then "adds" the row here: the row is kept and sent to the api node by event-bus
 * request until acknowledged (no ack: resent next period). The id is deterministic
 * ({@code <UTC ms>-<camera>-<track>-<type>}) and the api node inserts only if absent ({@link ViolationReceiver}),
 * so a resend after a lost ack or a failover never stores a violation twice.
 *
 * <p>With a journal the row is written to it when added (its package is already in the shared directory) and its
 * acknowledgement when it comes: a SIGKILLed worker's unacknowledged rows are replayed by the api node
 * ({@link JournalReplay}).
 *
 * <p>Only {@link #add} is supported: a worker has no database to read from.
 */
public final class ViolationSender implements ViolationRepository, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViolationSender.class);
    public static final String ADDRESS = "wardwatch.cluster.violations";
    private static final long REQUEST_TIMEOUT_MS = 5000;

    private final EventBus bus;
    private final OutboxJournal journal;
    private final Map<String, StoredViolation> pending = new LinkedHashMap<>();
    /** Each pending row's journal entry. */
    private final Map<String, Long> journaled = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-violation-sender");
        t.setDaemon(true);
        return t;
    });

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    public ViolationSender(EventBus bus) {
        this(bus, OutboxJournal.none(ADDRESS));
    }

    /** Journaled into {@code journalDirectory} (this worker run's, in the shared directory): replayed if it dies. */
    public ViolationSender(EventBus bus, Path journalDirectory) {
        this(bus, OutboxJournal.create(journalDirectory, ADDRESS));
    }

    private ViolationSender(EventBus bus, OutboxJournal journal) {
        this.bus = bus;
        this.journal = journal;
    }

    public void start(long periodMillis) {
        executor.scheduleWithFixedDelay(() -> {
            flush();
            journal.sync();
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Queues the row and sends it at once; it stays queued until the api node acknowledges it. */
    @Override
    public void add(StoredViolation violation) {
        synchronized (this) {
            if (pending.put(violation.id(), violation) == null) {
                journaled.put(violation.id(), journal.append(toJson(violation)));
            }
        }
        flush();
    }

    /** Sends every unacknowledged row that has no request under way. */
    public synchronized void flush() {
        for (StoredViolation v : pending.values()) {
            if (inFlight.add(v.id())) {
                send(v);
            }
        }
    }

    /** True when the api node has acknowledged every row (tests, shutdown). */
    public synchronized boolean allAcknowledged() {
        return pending.isEmpty();
    }

    private void send(StoredViolation v) {
        bus.request(ADDRESS, toJson(v), new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS)).onComplete(r -> {
            synchronized (this) {
                inFlight.remove(v.id());
                if (r.succeeded()) {
                    pending.remove(v.id());
                    Long seq = journaled.remove(v.id());
                    if (seq != null) {
                        journal.ack(seq);
                    }
                } else {
                    LOG.warn("violation {}: not acknowledged by the api node, will resend: {}", v.id(),
                            r.cause().getMessage());
                }
                notifyAll(); // a draining close() waits for this
            }
        });
    }

    /** Sends what is left and waits up to {@code wait} for the acknowledgements. */
    public void close(Duration wait) {
        executor.shutdownNow();
        OutboxDrain.drain(this, this::flush, this::allAcknowledged, wait);
        if (!allAcknowledged()) {
            // Their packages are in the shared evidence directory and the rows in the journal (if any): logged by id.
            LOG.error("stopping with violations the api node has not acknowledged: {}", pendingIds());
        }
        journal.close();
    }

    private synchronized List<String> pendingIds() {
        return List.copyOf(pending.keySet());
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    @Override
    public Optional<StoredViolation> find(String id) {
        throw new UnsupportedOperationException("a worker has no violation database");
    }

    @Override
    public List<StoredViolation> list(ViolationQuery query) {
        throw new UnsupportedOperationException("a worker has no violation database");
    }

    @Override
    public Optional<StoredViolation> review(ViolationReview review) {
        throw new UnsupportedOperationException("a worker has no violation database");
    }

    @Override
    public List<ViolationReview> reviews(String violationId) {
        throw new UnsupportedOperationException("a worker has no violation database");
    }

    /** Instants as ISO strings: exact to the nanosecond, as the row single-process mode would store. */
    static JsonObject toJson(StoredViolation v) {
        return new JsonObject().put("id", v.id()).put("camera", v.cameraId()).put("type", v.type())
                .put("status", v.status()).put("occurredAt", v.occurredAt().toString())
                .put("utcOffset", v.utcOffset().getTotalSeconds()).put("trackId", v.trackId())
                .put("objectClass", v.objectClass()).put("place", v.placeId()).put("lane", v.laneId())
                .put("signalState", v.signalState()).put("signalSource", v.signalSource())
                .put("geometryHash", v.geometryHash()).put("plateText", v.plateText())
                .put("plateCharacters", v.plateCharacters()).put("plateConfidence", v.plateConfidence())
                .put("packageDir", v.packageDir()).put("manifestSha256", v.manifestSha256())
                .put("createdAt", v.createdAt().toString());
    }

    static StoredViolation fromJson(JsonObject j) {
        return new StoredViolation(j.getString("id"), j.getString("camera"), j.getString("type"),
                j.getString("status"), Instant.parse(j.getString("occurredAt")),
                ZoneOffset.ofTotalSeconds(j.getInteger("utcOffset")), j.getLong("trackId"),
                j.getString("objectClass"), j.getString("place"), j.getString("lane"), j.getString("signalState"),
                j.getString("signalSource"), j.getString("geometryHash"), j.getString("plateText"),
                j.getString("plateCharacters"), j.getDouble("plateConfidence"), j.getString("packageDir"),
                j.getString("manifestSha256"), Instant.parse(j.getString("createdAt")));
    }
}
