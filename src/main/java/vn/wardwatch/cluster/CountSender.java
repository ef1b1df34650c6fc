package vn.wardwatch.cluster;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.analytics.counting.MinuteCounts;
import vn.wardwatch.detect.ObjectClass;

/**
 * A worker's outbox for counts. Every period it drains its cameras' minute counts into running ABSOLUTE totals
 * per (camera, line, class, direction, minute) and sends the totals that the api node has not acknowledged yet,
 * tagged with this run's source id, by event-bus request. No ack (api node down, timeout): the same totals, maybe
 * grown, go again next period; the api node's {@link CountUpserts} makes the resend harmless. A minute is
 * forgotten only when acknowledged and two minutes past its end (a late frame may still add to it until then).
 *
 * <p>With a journal, every count is journaled the moment it is counted: {@link MinuteCounts#afterAdd} drains the
 * camera on the analysis thread and the bucket's new absolute total is written before anything else, then logged
 * (debug). Acknowledgements are journaled too. A SIGKILL of this worker loses nothing it counted: the api node
 * replays the unacknowledged totals from the journal ({@link JournalReplay}). Without a journal, what was counted
 * since the last acknowledged send is lost. The camera's next worker is a new source and counts from its start on.
 */
public final class CountSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CountSender.class);
    public static final String ADDRESS = "wardwatch.cluster.counts";
    private static final Duration KEEP_AFTER_MINUTE = Duration.ofMinutes(3);
    private static final long REQUEST_TIMEOUT_MS = 5000;

    private record Camera(MinuteCounts counts, ZoneOffset offset) {
    }

    private record Key(String lineId, ObjectClass objectClass, String direction, Instant minute) {
    }

    private final EventBus bus;
    private final String sourceId;
    private final Clock clock;
    private final OutboxJournal journal;
    /** Per camera: the journal entries not yet covered by an acknowledged send, oldest first. */
    private final Map<String, List<Long>> journaled = new HashMap<>();
    /** Per camera: every count this run has journaled (drained), for the log. */
    private final Map<String, Long> counted = new HashMap<>();
    private final Map<String, Camera> cameras = new HashMap<>();
    private final Map<String, Map<Key, Long>> totals = new HashMap<>();
    private final Map<String, Map<Key, Long>> acked = new HashMap<>();
    /** Each camera's zone offset, kept while a stopped camera's totals are still unacknowledged. */
    private final Map<String, ZoneOffset> offsets = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-count-sender");
        t.setDaemon(true);
        return t;
    });

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    public CountSender(EventBus bus, String sourceId, Clock clock) {
        this(bus, sourceId, clock, OutboxJournal.none(ADDRESS));
    }

    /** Every count journaled into {@code journalDirectory} (this run's, in the shared directory). */
    public CountSender(EventBus bus, String sourceId, Clock clock, Path journalDirectory) {
        this(bus, sourceId, clock, OutboxJournal.create(journalDirectory, ADDRESS));
    }

    private CountSender(EventBus bus, String sourceId, Clock clock, OutboxJournal journal) {
        this.bus = bus;
        this.sourceId = sourceId;
        this.clock = clock;
        this.journal = journal;
    }

    public void start(long periodMillis) {
        executor.scheduleWithFixedDelay(() -> {
            flush();
            journal.sync();
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts sending a camera's counts (when it is assigned to this worker); each count is journaled at once. */
    public synchronized void register(String cameraId, MinuteCounts counts, ZoneOffset offset) {
        Camera camera = new Camera(counts, offset);
        cameras.put(cameraId, camera);
        counts.afterAdd(() -> {
            synchronized (this) {
                drain(cameraId, camera);
            }
        });
    }

    /** Drains the camera's last counts (its pipeline has stopped); its unacknowledged totals are still sent. */
    public synchronized void unregister(String cameraId) {
        Camera c = cameras.remove(cameraId);
        if (c != null) {
            drain(cameraId, c);
        }
    }

    /** Drains every camera and sends what is not acknowledged, for stopped cameras too. */
    public synchronized void flush() {
        Instant now = clock.instant();
        cameras.forEach(this::drain);
        for (String id : new ArrayList<>(totals.keySet())) {
            prune(id, now);
            if (totals.get(id).isEmpty() && !cameras.containsKey(id)) {
                totals.remove(id);
                acked.remove(id);
                offsets.remove(id);
                continue;
            }
            send(id, offsets.get(id));
        }
    }

    /** True when every total is acknowledged (tests, shutdown). */
    public synchronized boolean allAcknowledged() {
        for (Map.Entry<String, Map<Key, Long>> e : totals.entrySet()) {
            if (!e.getValue().equals(acked.getOrDefault(e.getKey(), Map.of()))) {
                return false;
            }
        }
        return true;
    }

    /** Moves the camera's new counts into its totals and journals the changed totals (as a message to replay). */
    private void drain(String cameraId, Camera camera) {
        offsets.put(cameraId, camera.offset());
        List<CountBucket> drained = camera.counts().drainAll();
        if (drained.isEmpty()) {
            return;
        }
        Map<Key, Long> cameraTotals = totals.computeIfAbsent(cameraId, k -> new HashMap<>());
        Map<Key, Long> changed = new HashMap<>();
        long sum = 0;
        for (CountBucket b : drained) {
            Key key = new Key(b.lineId(), b.objectClass(), b.direction(), b.minuteStart());
            changed.put(key, cameraTotals.merge(key, b.count(), Long::sum));
            sum += b.count();
        }
        journaled.computeIfAbsent(cameraId, k -> new ArrayList<>())
                .add(journal.append(message(cameraId, camera.offset(), changed)));
        long all = counted.merge(cameraId, sum, Long::sum);
        // After the journal write: the failover test takes the last of these lines as what a killed worker counted.
        LOG.debug("cluster: camera {} journaled {} counts in all on worker {}", cameraId, all, sourceId);
    }

    private JsonObject message(String cameraId, ZoneOffset offset, Map<Key, Long> buckets) {
        JsonArray array = new JsonArray();
        buckets.forEach((k, v) -> array.add(new JsonObject().put("line", k.lineId())
                .put("class", k.objectClass().wireName()).put("direction", k.direction())
                .put("minute", k.minute().toEpochMilli()).put("count", v)));
        return new JsonObject().put("source", sourceId).put("camera", cameraId)
                .put("offset", offset.getTotalSeconds()).put("buckets", array);
    }

    private void prune(String cameraId, Instant now) {
        Map<Key, Long> t = totals.getOrDefault(cameraId, Map.of());
        Map<Key, Long> a = acked.getOrDefault(cameraId, Map.of());
        t.entrySet().removeIf(e -> e.getValue().equals(a.get(e.getKey()))
                && !now.isBefore(e.getKey().minute().plus(KEEP_AFTER_MINUTE)));
        a.keySet().retainAll(t.keySet());
    }

    private void send(String cameraId, ZoneOffset offset) {
        if (inFlight.contains(cameraId)) {
            return; // one request per camera at a time: the next period sends the newer totals
        }
        Map<Key, Long> a = acked.getOrDefault(cameraId, Map.of());
        Map<Key, Long> unacked = new HashMap<>();
        totals.getOrDefault(cameraId, Map.of()).forEach((k, v) -> {
            if (!v.equals(a.get(k))) {
                unacked.put(k, v);
            }
        });
        if (unacked.isEmpty()) {
            acknowledgeJournal(cameraId, List.copyOf(journaled.getOrDefault(cameraId, List.of())));
            return;
        }
        JsonObject message = message(cameraId, offset, unacked);
        // Every journal entry so far holds totals no larger than this message's or already acknowledged ones.
        List<Long> covered = List.copyOf(journaled.getOrDefault(cameraId, List.of()));
        inFlight.add(cameraId);
        bus.request(ADDRESS, message, new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS)).onComplete(r -> {
            synchronized (this) {
                inFlight.remove(cameraId);
                if (r.succeeded()) {
                    // Totals only grow: the acknowledged value is the largest one sent and answered.
                    Map<Key, Long> ack = acked.computeIfAbsent(cameraId, k -> new HashMap<>());
                    unacked.forEach((k, v) -> ack.merge(k, v, Math::max));
                    acknowledgeJournal(cameraId, covered);
                } else {
                    LOG.warn("camera {}: counts not acknowledged by the api node, will resend: {}", cameraId,
                            r.cause().getMessage());
                }
                notifyAll(); // a draining close() waits for this
            }
        });
    }

    /** The journal entries a send covered are acknowledged: they are the oldest of the camera's (one send at a time). */
    private void acknowledgeJournal(String cameraId, List<Long> covered) {
        if (covered.isEmpty()) {
            return;
        }
        journal.ack(covered);
        journaled.get(cameraId).subList(0, covered.size()).clear();
    }

    /** Sends what is left and waits up to {@code wait} for the acknowledgements. */
    public void close(Duration wait) {
        executor.shutdownNow();
        if (!OutboxDrain.drain(this, this::flush, this::allAcknowledged, wait)) {
            LOG.warn("stopping with counts the api node has not acknowledged");
        }
        journal.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** The buckets of one message, for the receiver. */
    static List<CountBucket> buckets(JsonObject message) {
        String camera = message.getString("camera");
        List<CountBucket> out = new ArrayList<>();
        for (Object o : message.getJsonArray("buckets")) {
            JsonObject b = (JsonObject) o;
            ObjectClass cls = ObjectClass.fromWireName(b.getString("class")).orElseThrow(() ->
                    new IllegalArgumentException("count from " + message.getString("source") + ": unknown class "
                            + b.getString("class")));
            out.add(new CountBucket(camera, b.getString("line"), cls, b.getString("direction"),
                    Instant.ofEpochMilli(b.getLong("minute")), b.getLong("count")));
        }
        return out;
    }
}
