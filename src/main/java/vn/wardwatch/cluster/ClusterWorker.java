package vn.wardwatch.cluster;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import vn.wardwatch.disk.DiskGuard;
import vn.wardwatch.disk.FreeSpace;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.pipeline.CameraPipeline;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.app.EvidenceModels;
import vn.wardwatch.evidence.ClipEncoder;
import vn.wardwatch.evidence.EvidenceKeys;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.pipeline.CameraViolations;
import vn.wardwatch.pipeline.ViolationRecorder;
import vn.wardwatch.pipeline.PlateWriter;
import vn.wardwatch.plate.CameraPlates;
import vn.wardwatch.plate.PlateReaderFactory;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.pipeline.ZoneMinuteWriter;
import vn.wardwatch.warning.TrafficWiring;
import vn.wardwatch.warning.Warning;
import vn.wardwatch.warning.WarningRecorder;
import vn.wardwatch.warning.WarningSnapshots;

/**
 * {@code serve --role worker}: no database and no API. It joins the cluster, runs the cameras assigned to it,
 * and sends their counts ({@link CountSender}), state changes ({@link StateSender}), violations
 * ({@link ViolationSender}: the evidence package is written here, into the shared evidence directory), warnings
 * ({@link WarningSender}: the snapshot is written here, under {@link #sharedMediaRoot}), closed zone minutes
 * ({@link ZoneMinuteSender}), plate reads of passing vehicles ({@link PlateSender}: the crop is written here, under
 * {@link #sharedMediaRoot}), recording index rows ({@link RecordingSender}: the segments are written here, by
 * {@link WorkerRecorders}, into the shared recordings directory) and a report per camera every second to the api
 * node ({@link CameraReport}: status, zone states for the operations centre, signal heads for the signal list); live
 * events go out on the clustered event bus as in one process. It answers the api node's requests for its cameras'
 * live frames ({@link ClusterFrames}) and applies the signal states pushed through the API ({@link SignalPushes}).
 * Every outbox journals what it is given into this run's directory under the shared one ({@link OutboxJournal}); if
 * the worker dies the api node replays what was not acknowledged ({@link JournalReplay}).
 *
 * <p>Not on workers: recording's events mode (refused at start, see {@link WorkerRecorders#refuseEventsMode}). The
 * worker's {@link DiskGuard} on the shared directory's volume pauses its recorders when it runs low; it does not
 * (yet) stop plate crops, warning snapshots or evidence there as one process does.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final long COUNT_PERIOD_MS = 1000;
    private static final long STATUS_PERIOD_MS = 1000;
    private static final long ASSIGNMENT_CHECK_MS = 2000;
    /** Unacknowledged violations, warnings and zone minutes are resent this often. */
    private static final long RESEND_MS = 2000;
    private static final Duration CLIP_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterNode node;
    private final Detector detector;
    private final CountSender counts;
    private final ViolationRecorder recorder;
    private final ViolationSender violations;
    private final WarningRecorder warningRecorder;
    private final WarningSender warnings;
    private final ZoneMinuteWriter minuteWriter;
    private final ZoneMinuteSender minutes;
    private final PlateSender plates;
    private final RecordingSender recordings;
    private final DiskGuard diskGuard;
    private final WorkerCameras cameras;
    private final long statusTimer;
    private final Path journal;

    private ClusterWorker(ClusterNode node, Detector detector, CountSender counts, ViolationRecorder recorder,
                          ViolationSender violations, WarningRecorder warningRecorder, WarningSender warnings,
                          ZoneMinuteWriter minuteWriter, ZoneMinuteSender minutes, PlateSender plates,
                          RecordingSender recordings, DiskGuard diskGuard, WorkerCameras cameras, long statusTimer,
                          Path journal) {
        this.recordings = recordings;
        this.diskGuard = diskGuard;
        this.journal = journal;
        this.plates = plates;
        this.warningRecorder = warningRecorder;
        this.warnings = warnings;
        this.minuteWriter = minuteWriter;
        this.minutes = minutes;
        this.node = node;
        this.detector = detector;
        this.counts = counts;
        this.recorder = recorder;
        this.violations = violations;
        this.cameras = cameras;
        this.statusTimer = statusTimer;
    }

    public static ClusterWorker start(AppConfig app, ClusterSettings settings) {
        OpenCv.load();
        WorkerRecorders.refuseEventsMode(app.cameras().values());
        checkPlateReading(app);
        boolean anyViolations = app.cameras().values().stream().anyMatch(c -> c.violations().enabled());
        // The signing key is a shared file (same path on every node), created by the api node's first start.
        EvidenceKeys keys = anyViolations
                ? EvidenceKeys.loadOrCreate(app.evidence().signingKey(), app.evidence().publicKey()) : null;
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
        // Every outbox journals into this run's directory in the shared one: the api node replays it if we die.
        Path journal = JournalReplay.directory(JournalReplay.root(sharedMediaRoot(app)), node.nodeId());
        // This run's node id is new on every start: the api node keeps each run's totals apart (CountUpserts).
        CountSender counts = new CountSender(node.vertx().eventBus(), node.nodeId(), clock, journal);
        // The row goes to the api node only after the package is in the shared directory (the recorder's order).
        ViolationSender violations = new ViolationSender(node.vertx().eventBus(), journal);
        String self = node.nodeId();
        // "violation written": the package is in the shared directory and the row is in the outbox (the failover
        // test reads these lines per worker, and so can an operator re-indexing a dead worker's packages).
        ViolationRecorder recorder = anyViolations ? new ViolationRecorder(
                new EvidencePackageWriter(app.evidence().dir(), keys.signer()), app.evidence().dir(), violations,
                new ClipEncoder(app.evidence().ffmpeg(), CLIP_TIMEOUT), PlateReaderFactory::create,
                EvidenceModels.of(app), row -> LOG.info("cluster: violation written {} camera {} on worker {}",
                        row.id(), row.cameraId(), self), metrics, clock) : null;
        // Warnings: snapshot into the shared directory, then the row (in order) to the api node, which publishes it.
        WarningSender warnings = new WarningSender(node.vertx().eventBus(), self, journal);
        WarningSnapshots snapshots = new WarningSnapshots(sharedMediaRoot(app));
        WarningRecorder warningRecorder = new WarningRecorder(warnings, snapshots, w -> {
            if (w.state().equals(Warning.RAISED)) { // the failover test reads this line per worker
                LOG.info("cluster: warning raised {} camera {} on worker {}", w.id(), w.cameraId(), self);
            }
        }, metrics, WarningRecorder.DEFAULT_QUEUE_SIZE);
        ZoneMinuteSender minutes = new ZoneMinuteSender(node.vertx().eventBus(), journal);
        ZoneMinuteWriter minuteWriter = new ZoneMinuteWriter(minutes, metrics);
        // Plates: the crop into the shared directory, then the row to the api node, which stores it once.
        PlateSender plateRows = new PlateSender(node.vertx().eventBus(), journal);
        PlateWriter plateWriter = new PlateWriter(plateRows, new PlateCropStore(sharedMediaRoot(app)), metrics);
        // Recording: segments into the shared recordings directory, their index rows to the api node, in order.
        RecordingSender recordingRows = new RecordingSender(node.vertx().eventBus(), journal);
        WorkerRecorders recorders = new WorkerRecorders(WorkerRecorders.sharedRoot(sharedMediaRoot(app)), self,
                recordingRows, app.evidence().ffmpeg(), clock);
        // As in one process, recording pauses while the volume it writes to runs low (storage.min_free_gb).
        DiskGuard diskGuard = new DiskGuard(sharedMediaRoot(app), app.storage().minFreeBytes(),
                app.storage().evidenceReserveBytes(), FreeSpace.REAL);
        diskGuard.addListener(DiskGuard.pausing(recorders::pause, recorders::resume));
        Map<String, CameraPipeline> running = new ConcurrentHashMap<>();
        Map<String, SignalBoard> boards = new ConcurrentHashMap<>();
        ClusterFrames frames = new ClusterFrames(node.vertx());
        SignalPushes signals = new SignalPushes(node.vertx());
        WorkerCameras cameras = new WorkerCameras(node.nodeId(), new ArrayList<>(app.cameras().keySet()),
                node::liveWorkers, id -> {
                    CameraConfig camera = app.cameras().get(id);
                    // A reader per start: the pipeline owns the camera's plate reading and closes it on stop.
                    CameraPlates plates = camera.plates().enabled()
                            ? new CameraPlates(camera, PlateReaderFactory.create(), plateWriter, metrics) : null;
                    SignalBoard board = new SignalBoard(camera.id(), camera.geometry().signalHeads());
                    CameraViolations rules = camera.violations().enabled() ? new CameraViolations(camera,
                            board, recorder, plates == null ? null : plates::requestRead, metrics) : null;
                    CameraPipeline p = new CameraPipeline(camera, detector, app.detector().scoreThreshold(), metrics,
                            states, publisher, clock, plates, rules, CameraTraffic.wanted(camera)
                            ? new CameraTraffic(camera, new TrafficWiring(camera, publisher, warningRecorder,
                                    minuteWriter, metrics)) : null);
                    counts.register(id, p.minuteCounts(), p.zoneOffset());
                    if (rules != null) {
                        signals.follow(board); // API-set signal states reach the rules
                        boards.put(id, board); // and the heads' states go out with the status reports
                    }
                    p.start();
                    running.put(id, p);
                    recorders.start(camera);
                    frames.serve(id, p.latestFrame()); // the api node's live frame route asks here
                }, id -> {
                    recorders.stop(id); // its last segment indexed and queued before the camera moves on
                    CameraPipeline p = running.remove(id);
                    boards.remove(id);
                    frames.stop(id);
                    signals.unfollow(id);
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
        violations.start(RESEND_MS);
        warnings.start(RESEND_MS);
        minutes.start(RESEND_MS);
        plateRows.start(RESEND_MS);
        recordingRows.start(RESEND_MS);
        diskGuard.start();
        cameras.start(ASSIGNMENT_CHECK_MS);
        long timer = node.vertx().setPeriodic(STATUS_PERIOD_MS, t -> {
            for (CameraPipeline p : List.copyOf(running.values())) {
                node.vertx().eventBus().publish(ClusterCameraStatus.ADDRESS, CameraReport.of(self, p.status(),
                        p.traffic() == null ? null : p.traffic().zones(), boards.get(p.camera().id())));
            }
        });
        LOG.info("WardWatch worker {} ready for {} configured camera(s)", self, app.cameras().size());
        return new ClusterWorker(node, detector, counts, recorder, violations, warningRecorder, warnings,
                minuteWriter, minutes, plateRows, recordingRows, diskGuard, cameras, timer, journal);
    }

    /**
     * Fails the start, naming the cameras, when plate reading is on and this build cannot read plates, rather than
     * at every camera start later (each start builds its own reader).
     */
    static void checkPlateReading(AppConfig app) {
        if (app.cameras().values().stream().noneMatch(c -> c.plates().enabled())) {
            return;
        }
        try {
            PlateReaderFactory.create().close();
        } catch (RuntimeException e) {
            throw PlateReaderFactory.unavailable(app.cameras().values(), e);
        }
    }

    /**
     * Where warning snapshots go in a cluster: the parent of the shared {@code evidence.dir} (snapshots under its
     * {@code warnings/}), so that the api node, which serves them, reads what a worker wrote. With the default
     * {@code evidence.dir} ({@code <data dir>/evidence}) this is the data directory, as in one process.
     */
    public static java.nio.file.Path sharedMediaRoot(AppConfig app) {
        return app.evidence().dir().toAbsolutePath().normalize().getParent();
    }

    /** The cameras running here now. */
    public java.util.Set<String> running() {
        return cameras.running();
    }

    @Override
    public void close() {
        node.vertx().cancelTimer(statusTimer);
        diskGuard.close();
        cameras.close();
        counts.close(Duration.ofSeconds(5));
        if (recorder != null) {
            recorder.close(); // the stopped cameras' last violations: packages written, rows queued
        }
        violations.close(Duration.ofSeconds(5));
        warningRecorder.close();
        minuteWriter.close();
        warnings.close(Duration.ofSeconds(5));
        minutes.close(Duration.ofSeconds(5));
        plates.close(Duration.ofSeconds(5)); // the stopped cameras' last plates were read and queued
        recordings.close(Duration.ofSeconds(5)); // the stopped recorders' last segments were indexed and queued
        // Each outbox deleted its journal if all was acknowledged; what is left the api node replays once we leave.
        try {
            Files.deleteIfExists(journal);
        } catch (IOException e) {
            LOG.warn("cluster: journal {} kept for the api node to replay ({})", journal, e.toString());
        }
        node.close();
        detector.close();
    }
}
