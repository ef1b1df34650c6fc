package vn.wardwatch.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.api.ApiException;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.api.CameraStatusSource;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.ingest.LatestFrame;

/**
 * The api node's view of cameras that run on workers: the latest status each worker publishes (latest wins). A
 * camera no worker has reported for {@code staleAfter} shows as offline: its worker died and no other has taken it
 * over yet. Live frames come from the worker running the camera ({@link ClusterFrames}).
 */
public final class ClusterCameraStatus implements CameraStatusSource {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCameraStatus.class);
    public static final String ADDRESS = "wardwatch.cluster.status";

    private record Report(String worker, CameraStatus status, Instant at) {
    }

    private final Map<String, CameraConfig> cameras;
    private final Clock clock;
    private final Duration staleAfter;
    private final Map<String, Report> latest = new ConcurrentHashMap<>();

    public ClusterCameraStatus(Map<String, CameraConfig> cameras, Clock clock, Duration staleAfter) {
        this.cameras = Map.copyOf(cameras);
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    /** Listens to the workers' reports. */
    public void listen(Vertx vertx) {
        vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> accept(m.body()));
    }

    void accept(JsonObject report) {
        CameraStatus s = CameraStatusJson.fromJson(report.getJsonObject("status"));
        if (!cameras.containsKey(s.id())) {
            return; // a worker with another configuration: not ours to show
        }
        String worker = report.getString("worker");
        Report before = latest.put(s.id(), new Report(worker, s, clock.instant()));
        if (before == null || !before.worker().equals(worker)) {
            LOG.info("cluster: camera {} now runs on worker {}", s.id(), worker);
        }
    }

    /** The worker that last reported the camera, or null. */
    public String workerOf(String cameraId) {
        Report r = latest.get(cameraId);
        return r == null ? null : r.worker();
    }

    @Override
    public List<CameraStatus> cameras() {
        Instant now = clock.instant();
        List<CameraStatus> out = new ArrayList<>();
        for (CameraConfig c : cameras.values()) {
            Report r = latest.get(c.id());
            if (r != null && now.isBefore(r.at().plus(staleAfter))) {
                out.add(r.status());
            } else {
                out.add(new CameraStatus(c.id(), c.name(), c.source().redactedUrl(), c.timezone().getId(),
                        "offline", r == null ? null : r.at(), 0, 0, 0, 0, 0,
                        r == null ? null : r.status().lastFrameAt(), "no worker reports this camera", 0,
                        List.of(), List.of(), Map.of()));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<CameraConfig> config(String cameraId) {
        return java.util.Optional.ofNullable(cameras.get(cameraId));
    }

    /** Asks the worker running the camera ({@link ClusterFrames}); a camera not configured is not found. */
    @Override
    public Future<LatestFrame.Jpeg> jpeg(Vertx vertx, String cameraId, int maxWidth, LatestFrame.Edit edit) {
        if (!cameras.containsKey(cameraId)) {
            return Future.failedFuture(ApiException.notFound("no camera with id '" + cameraId + "'"));
        }
        return ClusterFrames.fetch(vertx, cameraId, maxWidth, edit, ClusterFrames.TIMEOUT);
    }
}
