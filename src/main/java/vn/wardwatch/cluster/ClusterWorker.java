package vn.wardwatch.cluster;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.pipeline.CameraPipeline;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.util.OpenCv;

/**
 * {@code serve --role worker}: no database and no API. It joins the cluster, runs the cameras assigned to it,
 * and sends their counts ({@link CountSender}), state changes ({@link StateSender}) and a status report per
 * camera every second to the api node; live events go out on the clustered event bus as in one process.
 *
 * <p>Not yet on workers: plate reading, violations, zone traffic and warnings, recording. A camera with them
 * configured is run for counts only, and said so at start.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final long COUNT_PERIOD_MS = 1000;
    private static final long STATUS_PERIOD_MS = 1000;
    private static final long ASSIGNMENT_CHECK_MS = 2000;

    private final ClusterNode node;
    private final Detector detector;
    private final CountSender counts;
    private final WorkerCameras cameras;
    private final long statusTimer;

    private ClusterWorker(ClusterNode node, Detector detector, CountSender counts, WorkerCameras cameras,
                          long statusTimer) {
        this.node = node;
        this.detector = detector;
        this.counts = counts;
        this.cameras = cameras;
        this.statusTimer = statusTimer;
    }

    public static ClusterWorker start(AppConfig app, ClusterSettings settings) {
        OpenCv.load();
        for (CameraConfig c : app.cameras().values()) {
            if (c.violations().enabled() || c.plates().enabled() || c.recording().enabled()) {
                LOG.warn("camera {}: violations, plates and recording are not run by cluster workers yet; counting"
                        + " only", c.id());
            }
        }
        Detector detector = DetectorFactory.create(app.detector());
        ClusterNode node;
        try {
            node = ClusterNode.start(settings, ClusterNode.Role.WORKER);
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventBusPublisher publisher = new EventBusPublisher(node.vertx().eventBus());
        StateSender states = new StateSender(node.vertx().eventBus());
        // This run's node id is new on every start: the api node keeps each run's totals apart (CountUpserts).
        CountSender counts = new CountSender(node.vertx().eventBus(), node.nodeId(), clock);
        Map<String, CameraPipeline> running = new ConcurrentHashMap<>();
        WorkerCameras cameras = new WorkerCameras(node.nodeId(), new ArrayList<>(app.cameras().keySet()),
                node::liveWorkers, id -> {
                    CameraConfig camera = app.cameras().get(id);
                    CameraPipeline p = new CameraPipeline(camera, detector, app.detector().scoreThreshold(), metrics,
                            states, publisher, clock, null, null, null);
                    counts.register(id, p.minuteCounts(), p.zoneOffset());
                    p.start();
                    running.put(id, p);
                }, id -> {
                    CameraPipeline p = running.remove(id);
                    if (p != null) {
                        p.stop();
                        counts.unregister(id);
                        p.closeAnalysis();
                        // The failover test reads this line: what this run counted for the camera, all of it sent.
                        LOG.info("cluster: camera {} stopped on worker {} after {} counts", id, node.nodeId(),
                                p.minuteCounts().totals().values().stream().mapToLong(Long::longValue).sum());
                    }
                });
        node.onMembershipChange(cameras::membershipChanged);
        counts.start(COUNT_PERIOD_MS);
        cameras.start(ASSIGNMENT_CHECK_MS);
        String self = node.nodeId();
        long timer = node.vertx().setPeriodic(STATUS_PERIOD_MS, t -> {
            for (CameraPipeline p : List.copyOf(running.values())) {
                node.vertx().eventBus().publish(ClusterCameraStatus.ADDRESS, new JsonObject().put("worker", self)
                        .put("status", CameraStatusJson.toJson(p.status())));
            }
        });
        LOG.info("WardWatch worker {} ready for {} configured camera(s)", self, app.cameras().size());
        return new ClusterWorker(node, detector, counts, cameras, timer);
    }

    /** The cameras running here now. */
    public java.util.Set<String> running() {
        return cameras.running();
    }

    @Override
    public void close() {
        node.vertx().cancelTimer(statusTimer);
        cameras.close();
        counts.close(Duration.ofSeconds(5));
        node.close();
        detector.close();
    }
}
