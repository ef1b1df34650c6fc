package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningRepository;
import vn.wardwatch.warning.Warning;

/**
 * The api node's memory of which worker run (source id) sent each warning still open, learnt from the warning
 * messages as they are stored, live or replayed from a journal. A worker that dies leaves its open warnings with no
 * watcher: once its journal is all stored ({@link JournalReplay}), {@link #clearFrom} clears them (reason
 * {@link Warning#WORKER_LOST}) through the warning receiver, so they are stored and published like any state. A
 * worker that stops cleanly clears its own (its cameras' analysis stops).
 *
 * <p>In memory only: an api node restart forgets it, so a warning acknowledged before the restart by a worker that
 * dies after it stays open.
 */
public final class WarningSources {

    private static final Logger LOG = LoggerFactory.getLogger(WarningSources.class);
    /** Published by the leading api node with a dead worker run's id once its journal is all stored. */
    public static final String WORKER_LOST = "wardwatch.cluster.worker.lost";

    private final Map<String, String> sourceById = new ConcurrentHashMap<>();
    private final EventBus bus;
    private final WarningRepository repository;
    private final Clock clock;

    /** @param bus reaches this node's warning receiver ({@link WarningSender#receive}) */
    public WarningSources(EventBus bus, WarningRepository repository, Clock clock) {
        this.bus = bus;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * With several api nodes each knows only the sources of the warnings it stored: every api node clears its own
     * when the leader publishes {@link #WORKER_LOST} (see {@link #announceLost}). Off the event loop: it blocks.
     */
    public MessageConsumer<String> clearWhenAnnounced(Vertx vertx) {
        return vertx.eventBus().<String>consumer(WORKER_LOST, m -> vertx.executeBlocking(() -> clearFrom(m.body()),
                false));
    }

    /** The leader's replay callback: tells every api node (itself too) that {@code source} is lost and replayed. */
    public static void announceLost(Vertx vertx, String source) {
        vertx.eventBus().publish(WORKER_LOST, source);
    }

    /** A state of {@code w} was stored; {@code source} sent it (null: unknown, e.g. an older worker). */
    void stored(Warning w, String source) {
        if (w.active() && source != null) {
            sourceById.put(w.id(), source);
        } else {
            sourceById.remove(w.id());
        }
    }

    /** The ids of the open warnings that {@code source} sent. */
    List<String> openFrom(String source) {
        return sourceById.entrySet().stream().filter(e -> e.getValue().equals(source)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /**
     * Clears the open warnings of {@code source}, a dead worker run whose journal is all stored, so nothing more
     * comes from it; blocks until each is stored (the replay thread). Returns how many were cleared.
     */
    public int clearFrom(String source) {
        int cleared = 0;
        for (String id : openFrom(source)) {
            Optional<StoredWarning> s = repository.find(id);
            if (s.isEmpty() || !s.get().warning().active()) {
                sourceById.remove(id, source);
                continue;
            }
            StoredWarning stored = s.get();
            StoredWarning clear = new StoredWarning(stored.warning().clearedBecause(Warning.WORKER_LOST,
                    clock.instant()), stored.utcOffset(), stored.snapshotFile());
            try {
                JournalReplay.store(bus, WarningSender.ADDRESS, WarningSender.toJson(clear, source));
                cleared++;
            } catch (ExecutionException | TimeoutException e) {
                LOG.error("cluster: warning {} of lost worker {} not cleared, stays open: {}", id, source,
                        e.getCause() == null ? e.toString() : e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (cleared > 0) {
            LOG.info("cluster: {} open warning(s) of lost worker {} cleared ({})", cleared, source,
                    Warning.WORKER_LOST);
        }
        return cleared;
    }
}
