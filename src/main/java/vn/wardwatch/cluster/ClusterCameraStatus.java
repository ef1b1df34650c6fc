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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.analytics.traffic.ZoneState;
import vn.wardwatch.api.ApiException;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.api.CameraStatusSource;
import vn.wardwatch.api.IocSource;
import vn.wardwatch.api.SignalReports;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.ingest.LatestFrame;

/**
 * The api node's view of cameras that run on workers: the latest report each worker publishes
 * ({@link CameraReport}: status, zone states, signal heads; latest wins). A camera no worker has reported for
 * {@code staleAfter} shows as offline, with its zones as before any frame and its heads as the api node's own board
 * has them: its worker died and no other has taken it over yet. Live frames come from the worker running the camera
 * ({@link ClusterFrames}).
 */
public final class ClusterCameraStatus implements CameraStatusSource, SignalReports {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCameraStatus.class);
    public static final String ADDRESS = "wardwatch.cluster.status";
    private static final String OFFLINE = "offline";

    /** @param zones null when the camera has no traffic zones */
    private record Report(String worker, CameraStatus status, Instant at, List<ZoneState> zones,
                          Map<String, SignalReports.Reported> signals) {
    }

    private final Map<String, CameraConfig> cameras;
    /** The operations centre lists cameras in config order, as one process does. */
    private final List<CameraConfig> trafficCameras;
    private final Clock clock;
    private final Duration staleAfter;
    private final Map<String, Report> latest = new ConcurrentHashMap<>();

    public ClusterCameraStatus(Map<String, CameraConfig> cameras, Clock clock, Duration staleAfter) {
        this.cameras = Map.copyOf(cameras);
        this.trafficCameras = cameras.values().stream().filter(CameraTraffic::wanted).toList();
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
        Report r;
        try {
            r = new Report(worker, s, clock.instant(), CameraReport.zones(report), CameraReport.signals(report));
        } catch (RuntimeException e) {
            // Only from a worker of another version: its status still counts, its zones and heads are not shown.
            LOG.warn("cluster: camera {}: zone states or signal heads from worker {} not read: {}", s.id(), worker,
                    e.getMessage());
            r = new Report(worker, s, clock.instant(), null, Map.of());
        }
        Report before = latest.put(s.id(), r);
        if (before == null || !before.worker().equals(worker)) {
            LOG.info("cluster: camera {} now runs on worker {}", s.id(), worker);
        }
    }

    /** The worker that last reported the camera, or null. */
    public String workerOf(String cameraId) {
        Report r = latest.get(cameraId);
        return r == null ? null : r.worker();
    }

    private boolean isFresh(Report r, Instant now) {
        return r != null && now.isBefore(r.at().plus(staleAfter));
    }

    /** The camera's latest report while it is fresh, else null. */
    private Report fresh(String cameraId, Instant now) {
        Report r = latest.get(cameraId);
        return isFresh(r, now) ? r : null;
    }

    @Override
    public List<CameraStatus> cameras() {
        Instant now = clock.instant();
        List<CameraStatus> out = new ArrayList<>();
        for (CameraConfig c : cameras.values()) {
            Report r = latest.get(c.id());
            if (isFresh(r, now)) {
                out.add(r.status());
            } else {
                out.add(new CameraStatus(c.id(), c.name(), c.source().redactedUrl(), c.timezone().getId(),
                        OFFLINE, r == null ? null : r.at(), 0, 0, 0, 0, 0,
                        r == null ? null : r.status().lastFrameAt(), "no worker reports this camera", 0,
                        List.of(), List.of(), Map.of()));
            }
        }
        return out;
    }

    /**
     * The operations centre's cameras (those with traffic zones): the reported state and zones, or, for a camera not
     * reported for {@code staleAfter}, {@code offline} with its zones as before any frame. The api node's
     * {@link IocSource}.
     */
    public List<IocSource.Camera> iocCameras() {
        Instant now = clock.instant();
        List<IocSource.Camera> out = new ArrayList<>();
        for (CameraConfig c : trafficCameras) {
            Report r = fresh(c.id(), now);
            out.add(r == null || r.zones() == null
                    ? new IocSource.Camera(c.id(), OFFLINE, CameraTraffic.initialZones(c))
                    : new IocSource.Camera(c.id(), r.status().state(), r.zones()));
        }
        return out;
    }

    @Override
    public Optional<SignalReports.Reported> reported(String cameraId, String headId) {
        Report r = fresh(cameraId, clock.instant());
        return r == null ? Optional.empty() : Optional.ofNullable(r.signals().get(headId));
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
