package vn.wardwatch.cluster;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker running exactly the cameras {@link CameraAssignment} gives it under the current membership:
 * on every membership change (and every few seconds, in case a change was missed) it stops the cameras that went
 * to another worker and starts the ones that came to it. All starts and stops happen on one thread, in order.
 */
public final class WorkerCameras implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCameras.class);

    private final String self;
    private final List<String> cameraIds;
    private final Supplier<Collection<String>> liveWorkers;
    private final Consumer<String> start;
    private final Consumer<String> stop;
    private final Set<String> running = new LinkedHashSet<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-assignment");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param start starts a camera's pipeline here; a failure is logged and retried at the next check
     * @param stop  stops it and hands over its last counts
     */
    public WorkerCameras(String self, List<String> cameraIds, Supplier<Collection<String>> liveWorkers,
                         Consumer<String> start, Consumer<String> stop) {
        this.self = self;
        this.cameraIds = List.copyOf(cameraIds);
        this.liveWorkers = liveWorkers;
        this.start = start;
        this.stop = stop;
    }

    /** Checks now and then every {@code periodMillis}. */
    public void start(long periodMillis) {
        executor.scheduleWithFixedDelay(this::rebalance, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Membership changed: check at once (on the assignment thread). */
    public void membershipChanged() {
        executor.execute(this::rebalance);
    }

    /** The cameras running here now. */
    public synchronized Set<String> running() {
        return Set.copyOf(running);
    }

    synchronized void rebalance() {
        List<String> mine;
        try {
            mine = CameraAssignment.camerasOf(self, cameraIds, liveWorkers.get());
        } catch (RuntimeException e) {
            LOG.warn("cluster: cannot read the membership: {}", e.getMessage());
            return;
        }
        for (String id : List.copyOf(running)) {
            if (!mine.contains(id)) {
                LOG.info("cluster: camera {} moves to another worker; stopping it here", id);
                try {
                    stop.accept(id);
                } catch (RuntimeException e) {
                    LOG.error("cluster: camera {}: stop failed: {}", id, e.toString());
                }
                running.remove(id);
            }
        }
        for (String id : mine) {
            if (!running.contains(id)) {
                LOG.info("cluster: running camera {} on worker {}", id, self);
                try {
                    start.accept(id);
                    running.add(id);
                } catch (RuntimeException e) {
                    LOG.error("cluster: camera {}: start failed, will retry: {}", id, e.toString());
                }
            }
        }
    }

    /** Stops every camera running here. */
    @Override
    public synchronized void close() {
        executor.shutdownNow();
        for (String id : List.copyOf(running)) {
            try {
                stop.accept(id);
            } catch (RuntimeException e) {
                LOG.error("cluster: camera {}: stop failed: {}", id, e.toString());
            }
        }
        running.clear();
    }
}
