package vn.wardwatch.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.api.ApiDependencies;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.ConfigAudit;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.disk.DiskGuard;
import vn.wardwatch.disk.DiskWarnings;
import vn.wardwatch.disk.FreeSpace;
import vn.wardwatch.retention.DeletionRecords;
import vn.wardwatch.retention.RetentionSweeper;
import vn.wardwatch.retention.ViolationHolds;
import vn.wardwatch.privacy.PrivacyMasker;
import vn.wardwatch.api.ApiServer;
import vn.wardwatch.api.CameraScope;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.auth.UserRepository;
import vn.wardwatch.cluster.ClusterCameraStatus;
import vn.wardwatch.cluster.ClusterNode;
import vn.wardwatch.cluster.ClusterSettings;
import vn.wardwatch.cluster.ClusterWorker;
import vn.wardwatch.cluster.CountReceiver;
import vn.wardwatch.cluster.JournalReplay;
import vn.wardwatch.cluster.ViolationReceiver;
import vn.wardwatch.cluster.WarningSender;
import vn.wardwatch.cluster.WarningSources;
import vn.wardwatch.cluster.ZoneMinuteSender;
import vn.wardwatch.cluster.PlateSender;
import vn.wardwatch.cluster.CountUpserts;
import vn.wardwatch.cluster.SignalPushes;
import vn.wardwatch.cluster.StateSender;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.ClusterConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.DetectorFactory;
import vn.wardwatch.evidence.ClipEncoder;
import vn.wardwatch.evidence.EvidenceKeys;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.pipeline.CameraPipeline;
import vn.wardwatch.pipeline.CameraViolations;
import vn.wardwatch.pipeline.CountWriter;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.pipeline.PipelineStatus;
import vn.wardwatch.pipeline.PlateWriter;
import vn.wardwatch.pipeline.ViolationRecorder;
import vn.wardwatch.pipeline.ZoneMinuteWriter;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.plate.CameraPlates;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.plate.PlateReaderFactory;
import vn.wardwatch.push.Push;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.recording.Recordings;
import vn.wardwatch.cluster.RecordingSender;
import vn.wardwatch.cluster.WorkerRecorders;
import vn.wardwatch.config.RecordingConfig;
import java.util.function.IntSupplier;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.analytics.traffic.CameraTraffic;
import vn.wardwatch.api.IocSource;
import vn.wardwatch.api.SignalReports;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.warning.LeftOpenWarnings;
import vn.wardwatch.warning.TrafficWiring;
import vn.wardwatch.warning.WarningRecorder;
import vn.wardwatch.warning.WarningSnapshots;

/** Runs every configured camera live, stores counts, and serves the API until stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Analyse the configured cameras live and serve the HTTP API.")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** A 10 s clip encodes in about a second; a minute means ffmpeg is stuck. */
    private static final Duration CLIP_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "YAML configuration (default: ${DEFAULT-VALUE})")
    Path config;

    // Cluster options: absent, the config file's cluster: section decides (then its defaults, one process).
    @Option(names = "--role",
            description = "all (one process, no cluster), api (database, API, push; no cameras) or worker (runs the"
                    + " cameras the cluster assigns it; no database, no API). Default: cluster.role in the config,"
                    + " else all")
    String role;

    @Option(names = "--cluster-host",
            description = "cluster: interface to bind (default: cluster.host in the config, else 127.0.0.1)")
    String clusterHost;

    @Option(names = "--cluster-port",
            description = "cluster: this member's port (default: cluster.port in the config, else 5701)")
    Integer clusterPort;

    @Option(names = "--cluster-members", split = ",",
            description = "cluster: host:port of the members to join, comma-separated (default: cluster.members in"
                    + " the config; required with role api or worker)")
    List<String> clusterMembers;

    @Option(names = "--cluster-name",
            description = "cluster: name shared by its members (default: cluster.name in the config, else wardwatch)")
    String clusterName;

    @Option(names = "--cluster-failure-seconds",
            description = "cluster: a member silent this long is dropped and its cameras move (default:"
                    + " cluster.failure_seconds in the config, else 5)")
    Integer clusterFailureSeconds;

    /** The config file's cluster section with the command line's options in place of its values. */
    ClusterConfig cluster(AppConfig app) {
        if (role != null && !ClusterConfig.ROLES.contains(role)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--role: unknown role '" + role + "' (expected all, api or worker)");
        }
        ClusterConfig c = app.cluster().overriddenBy(role, clusterHost, clusterPort, clusterMembers, clusterName,
                clusterFailureSeconds);
        if (!c.role().equals("all") && c.members().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--cluster-members (or cluster.members in " + config + "): required with role " + c.role());
        }
        if (!c.role().equals("all")) {
            // Before joining: events-mode recording cannot run in a cluster (its activity stays on the worker).
            WorkerRecorders.refuseEventsMode(app.cameras().values());
        }
        return c;
    }

    @Override
    public Integer call() throws Exception {
        AppConfig app = ConfigLoader.load(config);
        ClusterConfig cluster = cluster(app);
        ClusterNode.Role clusterRole = ClusterNode.Role.valueOf(cluster.role().toUpperCase(java.util.Locale.ROOT));
        if (clusterRole != ClusterNode.Role.ALL) {
            ClusterSettings settings = new ClusterSettings(cluster.name(), cluster.host(), cluster.port(),
                    cluster.members(), app.evidence().dir(), cluster.failureSeconds());
            if (clusterRole == ClusterNode.Role.WORKER) {
                return runUntilStopped(ClusterWorker.start(app, settings), "worker");
            }
            ClusterNode node = ClusterNode.start(settings, ClusterNode.Role.API);
            WardWatch running;
            try {
                running = WardWatch.start(app, node);
            } catch (Exception | Error e) {
                node.close();
                throw e;
            }
            ConfigAudit.recordLoad(running.audit(), config);
            LOG.info("WardWatch api node for {} camera(s); API on port {}", app.cameras().size(), running.apiPort());
            return runUntilStopped(running, "api");
        }
        try (WardWatch running = WardWatch.start(app)) {
            // Issue 8: every start is audited with the config's hash; a different hash also writes config.changed.
            ConfigAudit.recordLoad(running.audit(), config);
            LOG.info("WardWatch serving {} camera(s); API on port {}", app.cameras().size(), running.apiPort());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
        }
        return 0;
    }

    private static int runUntilStopped(AutoCloseable running, String what) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", what, e.toString());
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** The running system: detector, cameras, storage and API, stopped in reverse order. */
    public static final class WardWatch implements AutoCloseable {

        private final Vertx vertx;
        private final PrometheusMeterRegistry metrics;
        private final Database database;
        private final Detector detector;
        private final List<CameraPipeline> pipelines;
        private final CountWriter countWriter;
        private final PlateWriter plateWriter;
        private final ViolationRecorder recorder;
        private final ApiServer api;
        private WarningRecorder warnings;
        private ZoneMinuteWriter minutes;
        /** Webhooks and MQTT (issue 6); set after the API starts. */
        private Push push;
        /** Recorders, retention, clips (issue 7). */
        private Recordings recordings;
        /** The hash-chained audit log (issue 8). */
        private JdbcAuditLog audit;
        /** Issue 8: free-space checks and retention by kind. */
        private DiskGuard diskGuard;
        private RetentionSweeper sweeper;
        /** Users, sessions and machine tokens (issue 8). */
        private UserRepository users;
        /** Plates and faces blurred in media for coordinators (issue 8). */
        private PrivacyMasker masker;
        /** Cluster api node: replays dead workers' journals. */
        private JournalReplay journalReplay;
        private boolean closed;

        private WardWatch(Vertx vertx, PrometheusMeterRegistry metrics, Database database, Detector detector,
                          List<CameraPipeline> pipelines, CountWriter countWriter, PlateWriter plateWriter,
                          ViolationRecorder recorder, ApiServer api) {
            this.vertx = vertx;
            this.metrics = metrics;
            this.database = database;
            this.detector = detector;
            this.pipelines = pipelines;
            this.countWriter = countWriter;
            this.plateWriter = plateWriter;
            this.recorder = recorder;
            this.api = api;
        }

        public static WardWatch start(AppConfig app) throws Exception {
            return start(app, null);
        }

        /**
         * @param cluster null: one process runs everything. Otherwise this is the cluster's api node: its Vert.x is
         *                the clustered one, it runs no camera (workers do, and send counts, states and status over
         *                the event bus) and records nothing (the workers record into the shared directory and
         *                send the index rows; this node lists, exports and runs retention over them).
         */
        public static WardWatch start(AppConfig app, ClusterNode cluster) throws Exception {
            OpenCv.load();
            if (cluster != null) {
                WorkerRecorders.refuseEventsMode(app.cameras().values());
            }
            Clock clock = Clock.systemUTC();
            java.time.Instant startedAt = clock.instant();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // Before anything else opens: a camera that wants plates and cannot have them stops the start at once.
            // The api node reads none (workers do).
            Map<String, PlateReader> plateReaders = cluster == null ? plateReaders(app) : new LinkedHashMap<>();
            EvidenceKeys keys;
            try {
                keys = EvidenceKeys.loadOrCreate(app.evidence().signingKey(), app.evidence().publicKey());
            } catch (RuntimeException e) {
                plateReaders.values().forEach(PlateReader::close);
                throw e;
            }
            Database database;
            try {
                database = Database.open(app.storage());
            } catch (RuntimeException e) {
                plateReaders.values().forEach(PlateReader::close);
                throw e;
            }
            Detector detector = null;
            PrivacyMasker masker = null;
            Vertx vertx = null;
            List<CameraPlates> cameraPlates = new ArrayList<>();
            ViolationRecorder recorder = null;
            WarningRecorder warnings = null;
            ZoneMinuteWriter minutes = null;
            Push push = null;
            Recordings recordings = null;
            JournalReplay journalReplay = null;
            JdbcAuditLog audit = new JdbcAuditLog(database, AuditAnchor.in(app.storage().dataDir()), clock);
            // Issue 8: non-evidence media stops first when the data volume runs low; evidence stops at the reserve.
            DiskGuard diskGuard = new DiskGuard(app.storage().dataDir(), app.storage().minFreeBytes(),
                    app.storage().evidenceReserveBytes(), FreeSpace.REAL);
            RetentionSweeper sweeper = new RetentionSweeper(database, app.retention(), app.storage().dataDir(),
                    app.evidence().dir(), new DeletionRecords(database, audit, clock), clock);
            try {
                detector = DetectorFactory.create(app.detector());
                vertx = cluster == null ? Vertx.vertx() : cluster.vertx();
                EventBusPublisher publisher = new EventBusPublisher(vertx.eventBus());
                JdbcCameraStateRepository states = new JdbcCameraStateRepository(database);
                // In a cluster the workers write the plate crops into the shared directory; this node serves them.
                PlateCropStore plateCrops = new PlateCropStore(cluster == null ? app.storage().dataDir()
                        : ClusterWorker.sharedMediaRoot(app));
                plateCrops.guardSpace(diskGuard);
                JdbcPlateRepository plateRepository = new JdbcPlateRepository(database);
                PlateWriter plateWriter = new PlateWriter(plateRepository, plateCrops, metrics);
                JdbcViolationRepository violationRepository = new JdbcViolationRepository(database);
                boolean anyViolations = app.cameras().values().stream().anyMatch(c -> c.violations().enabled());
                // Issue 7: recording runs beside analysis (its own ffmpeg per camera); violations protect it. In a
                // cluster the workers record into the shared directory and send the index rows: this node keeps the
                // index, lists, exports and runs retention over their segments.
                JdbcRecordingRepository recordingRepository = new JdbcRecordingRepository(database);
                recordings = cluster == null ? Recordings.start(app.cameras(), app.storage().dataDir(),
                        recordingRepository, app.evidence().ffmpeg(), clock)
                        : Recordings.indexOnly(app.cameras(), WorkerRecorders.sharedRoot(
                                ClusterWorker.sharedMediaRoot(app)), app.storage().dataDir(), recordingRepository,
                                app.evidence().ffmpeg(), clock);
                Recordings recorded = recordings;
                EvidencePackageWriter evidenceWriter = new EvidencePackageWriter(app.evidence().dir(), keys.signer());
                evidenceWriter.guardSpace(diskGuard);
                if (cluster == null) {
                    // In a cluster the evidence directory is shared: a worker may be writing a package right now.
                    setAsideIncompleteEvidence(evidenceWriter);
                }
                recorder = new ViolationRecorder(evidenceWriter, app.evidence().dir(), violationRepository,
                        new ClipEncoder(app.evidence().ffmpeg(), CLIP_TIMEOUT),
                        anyViolations ? PlateReaderFactory::create : null, EvidenceModels.of(app),
                        v -> {
                            protectClipWindow(app, recorded, v);
                            publisher.violation(v);
                        }, metrics, clock);
                recorder.useRecordedClips(recordings);
                // Issue 6: warnings are stored (snapshot, then row) on their own thread, then published.
                JdbcWarningRepository warningRepository = new JdbcWarningRepository(database);
                // In a cluster the workers write the snapshots into the shared directory; this node serves them.
                WarningSnapshots snapshots = new WarningSnapshots(cluster == null ? app.storage().dataDir()
                        : ClusterWorker.sharedMediaRoot(app));
                snapshots.guardSpace(diskGuard);
                warnings = new WarningRecorder(warningRepository, snapshots, publisher::warning, metrics,
                        WarningRecorder.DEFAULT_QUEUE_SIZE);
                WarningRecorder warned = warnings;
                java.time.ZoneOffset localOffset = java.time.ZoneId.of(ConfigLoader.DEFAULT_TIMEZONE).getRules()
                        .getOffset(clock.instant());
                diskGuard.addListener(new DiskWarnings(w -> warned.submit(w, localOffset, null), clock));
                diskGuard.addListener(DiskGuard.pausing(recorded::pause, recorded::resume));
                diskGuard.start();
                JdbcZoneMinuteRepository zoneMinutes = new JdbcZoneMinuteRepository(database);
                minutes = new ZoneMinuteWriter(zoneMinutes, metrics);
                Map<String, SignalBoard> signals = new LinkedHashMap<>();
                List<CameraPipeline> pipelines = new ArrayList<>();
                List<CountWriter.Source> countSources = new ArrayList<>();
                for (CameraConfig camera : cluster == null ? app.cameras().values() : List.<CameraConfig>of()) {
                    PlateReader reader = plateReaders.remove(camera.id());
                    CameraPlates plates = null;
                    if (reader != null) {
                        plates = new CameraPlates(camera, reader, plateWriter, metrics);
                        cameraPlates.add(plates);
                    }
                    SignalBoard board = new SignalBoard(camera.id(), camera.geometry().signalHeads());
                    camera.geometry().signalHeads().forEach(h -> signals.put(h.id(), board));
                    CameraViolations violations = null;
                    if (camera.violations().enabled()) {
                        violations = new CameraViolations(camera, board, recorder,
                                plates == null ? null : plates::requestRead, metrics);
                    }
                    CameraTraffic traffic = CameraTraffic.wanted(camera) ? new CameraTraffic(camera,
                            new TrafficWiring(camera, publisher, warnings, minutes, metrics)) : null;
                    CameraPipeline pipeline = new CameraPipeline(camera, detector,
                            app.detector().scoreThreshold(), metrics, states, publisher, clock, plates, violations,
                            traffic);
                    pipelines.add(pipeline);
                    countSources.add(new CountWriter.Source(pipeline.minuteCounts(), pipeline.zoneOffset()));
                }
                CountWriter countWriter = new CountWriter(countSources, new JdbcCountRepository(database), clock);
                Detector loaded = detector;
                ClusterCameraStatus clusterStatus = null;
                if (cluster != null) {
                    // Workers report each camera every second; three missed reports and it shows offline.
                    clusterStatus = new ClusterCameraStatus(app.cameras(), clock, Duration.ofSeconds(3));
                    clusterStatus.listen(vertx);
                    List<MessageConsumer<?>> receivers = new ArrayList<>();
                    receivers.add(CountReceiver.start(vertx, new CountUpserts(database)));
                    // Workers write the evidence packages into the shared evidence directory and send the rows.
                    receivers.add(ViolationReceiver.start(vertx, violationRepository, v -> {
                        protectClipWindow(app, recorded, v); // the worker's recording around it is kept
                        publisher.violation(v);
                    }));
                    // Which worker sent each open warning: a dead worker's are cleared once its journal is stored.
                    WarningSources warningSources = new WarningSources(vertx.eventBus(), warningRepository, clock);
                    receivers.add(WarningSender.receive(vertx, warningRepository, publisher::warning,
                            warningSources));
                    receivers.add(ZoneMinuteSender.receive(vertx, zoneMinutes));
                    receivers.add(PlateSender.receive(vertx, plateRepository));
                    receivers.add(RecordingSender.receive(vertx, recordingRepository));
                    RecordingSender.answerLastEnd(vertx, recordingRepository);
                    StateSender.receive(vertx, states);
                    // A dead worker's journal goes through the same receivers: replayed once they listen.
                    // The leader replays; every api node clears the lost worker's warnings it stored.
                    receivers.add(warningSources.clearWhenAnnounced(vertx));
                    Vertx bus = vertx;
                    journalReplay = JournalReplay.startAfter(receivers, cluster,
                            JournalReplay.root(ClusterWorker.sharedMediaRoot(app)),
                            source -> WarningSources.announceLost(bus, source));
                    // The API takes signal pushes on boards of its own and forwards them to the camera's worker.
                    for (CameraConfig camera : app.cameras().values()) {
                        SignalBoard board = new SignalBoard(camera.id(), camera.geometry().signalHeads());
                        camera.geometry().signalHeads().forEach(h -> signals.put(h.id(), board));
                    }
                    SignalPushes.forward(vertx, java.util.Set.copyOf(signals.values()));
                }
                ApiDependencies deps = new ApiDependencies(
                        clusterStatus != null ? clusterStatus : new PipelineStatus(pipelines),
                        new JdbcCountRepository(database), states, plateRepository, plateCrops, database::isHealthy,
                        () -> loaded != null, metrics, clock, new ApiDependencies.Violations(violationRepository,
                        app.evidence().dir(), keys.publicKey(), signals,
                        clusterStatus != null ? clusterStatus : SignalReports.NONE),
                        new ApiDependencies.Traffic(clusterStatus != null ? clusterStatus::iocCameras
                                : iocSource(pipelines), warningRepository, snapshots, zoneMinutes),
                        new ApiDependencies.Recordings(recordings.repository(), recordings.exporter(),
                                app.cameras().keySet()), new ApiDependencies.Governance(audit,
                        new ViolationHolds(database, audit, clock), diskGuard::low), ApiDependencies.Security.NONE);
                // Issue 8: users, roles and camera groups; logins, views and reviews go to the audit log. Coordinators
                // see pictures and clips with plates and faces blurred by the masker.
                masker = PrivacyMasker.standard(app.evidence().dir(), List.of(app.storage().dataDir()), detector,
                        app.evidence().ffmpeg());
                sweeper.forgetMaskedCopiesWith(masker);
                UserRepository users = new UserRepository(database);
                warnIfNoUsers(users);
                deps = deps.withSecurity(new ApiDependencies.Security(
                        new Authenticator(users, clock, app.auth().sessionLength()), audit,
                        new CameraScope(app.auth().cameraGroups()),
                        masker));
                ApiServer api = ApiServer.start(vertx, app.api(), deps).await(30, TimeUnit.SECONDS);
                push = Push.start(vertx, app.push(), database, metrics, clock);
                if (cluster != null) {
                    // Several api nodes may share the database: the once-only work runs on the leading one.
                    push.onlyWhile(cluster::leadsApiNodes);
                    sweeper.onlyWhile(cluster::leadsApiNodes);
                }
                // The last run's open warnings have no watcher (a crash: a clean stop clears its own): cleared
                // before the cameras run, published now that push listens. The api node clears only its own disk
                // warnings: the camera ones belong to workers, which may still be running them.
                LeftOpenWarnings.clear(warningRepository, warnings, cluster == null ? null : DiskWarnings.CAMERA,
                        startedAt, clock.instant());
                countWriter.start(5000);
                pipelines.forEach(CameraPipeline::start);
                Map<String, IntSupplier> tracks = new LinkedHashMap<>();
                pipelines.stream().filter(p -> p.camera().recording().mode() == RecordingConfig.Mode.EVENTS)
                        .forEach(p -> tracks.put(p.camera().id(), p::activeTracks));
                recordings.watchActivity(tracks);
                WardWatch running = new WardWatch(vertx, metrics, database, detector, pipelines, countWriter,
                        plateWriter, recorder, api);
                running.warnings = warnings;
                running.minutes = minutes;
                running.push = push;
                running.recordings = recordings;
                running.audit = audit;
                running.diskGuard = diskGuard;
                running.sweeper = sweeper;
                sweeper.start();
                running.users = users;
                running.masker = masker;
                running.journalReplay = journalReplay;
                return running;
            } catch (Exception | Error e) {
                if (journalReplay != null) {
                    journalReplay.close();
                }
                // Nothing has started: plate workers only close their readers.
                diskGuard.close();
                sweeper.close();
                plateReaders.values().forEach(PlateReader::close);
                cameraPlates.forEach(CameraPlates::close);
                if (recorder != null) {
                    recorder.close(0);
                }
                if (warnings != null) {
                    warnings.close();
                }
                if (minutes != null) {
                    minutes.close();
                }
                if (push != null) {
                    push.close();
                }
                if (recordings != null) {
                    recordings.close();
                }
                if (vertx != null) {
                    vertx.close();
                }
                if (masker != null) {
                    masker.close();
                }
                if (detector != null) {
                    detector.close();
                }
                database.close();
                throw e;
            }
        }

        /** A previous process killed mid-write left temporary package directories: out of the tree, logged. */
        static void setAsideIncompleteEvidence(EvidencePackageWriter writer) {
            try {
                writer.recoverAtStartup();
            } catch (java.io.IOException e) {
                // Not fatal: the leftovers are never listed (no row points at them); new writes fail on their own.
                LOG.error("cannot set aside incomplete evidence packages: {}", e.toString());
            }
        }

        /**
         * One plate reader per camera with plate reading on, built by {@link PlateReaderFactory}; fails naming the
         * cameras when this build cannot read plates.
         */
        static Map<String, PlateReader> plateReaders(AppConfig app) {
            Map<String, PlateReader> readers = new LinkedHashMap<>();
            for (CameraConfig camera : app.cameras().values()) {
                if (!camera.plates().enabled()) {
                    continue;
                }
                try {
                    readers.put(camera.id(), PlateReaderFactory.create());
                } catch (RuntimeException e) {
                    readers.values().forEach(PlateReader::close);
                    throw PlateReaderFactory.unavailable(app.cameras().values(), e);
                }
            }
            return readers;
        }

        /**
         * A stored violation's clip window is kept in the recording (whether or not the camera records now: a hold
         * also protects segments indexed later).
         */
        static void protectClipWindow(AppConfig app, Recordings recordings, StoredViolation v) {
            CameraConfig camera = app.cameras().get(v.cameraId());
            if (camera == null || !camera.recording().enabled()) {
                return;
            }
            try {
                recordings.protect(v.cameraId(),
                        v.occurredAt().minusMillis(Math.round(camera.violations().clipBeforeSeconds() * 1000)),
                        v.occurredAt().plusMillis(Math.round(camera.violations().clipAfterSeconds() * 1000)),
                        RetentionSweeper.RECORDING_HOLD_PREFIX + v.id());
            } catch (RuntimeException e) {
                LOG.error("camera {}: recording around violation {} not protected: {}", v.cameraId(), v.id(),
                        e.getMessage());
            }
        }

        /** The audit log (issue 8): record() logins, reviews, exports, deletions through it. */
        public JdbcAuditLog audit() {
            return audit;
        }

        /** The disk guard (issue 8). */
        public DiskGuard diskGuard() {
            return diskGuard;
        }

        /** With no user every protected route answers 401: say how to add the first admin. */
        static void warnIfNoUsers(UserRepository users) {
            if (users.countUsers() == 0) {
                LOG.warn("no users yet: every API route except /health answers 401. Add the first admin with"
                        + " ./scripts/wardwatch users add NAME --role admin (the password is read from standard"
                        + " input)");
            }
        }

        /** Users, sessions and machine tokens (issue 8). */
        public UserRepository users() {
            return users;
        }

        /** The recordings (issue 7). */
        public Recordings recordings() {
            return recordings;
        }

        /** The operations centre's view of every camera with traffic zones. */
        static IocSource iocSource(List<CameraPipeline> pipelines) {
            return () -> pipelines.stream().filter(p -> p.traffic() != null)
                    .map(p -> new IocSource.Camera(p.camera().id(), p.state(), p.traffic().zones())).toList();
        }

        /** The Vert.x instance whose event bus carries counts, states, violations, warnings and levels. */
        public Vertx vertx() {
            return vertx;
        }

        public int apiPort() {
            return api.port();
        }

        public List<CameraPipeline> pipelines() {
            return pipelines;
        }

        /** Writes violations' evidence for every camera; the evidence benchmark loads it. */
        public ViolationRecorder recorder() {
            return recorder;
        }

        /** The registry behind {@code /metrics} (stage timers, frame counters, latency): read by the benchmark. */
        public PrometheusMeterRegistry metrics() {
            return metrics;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            LOG.info("stopping");
            if (journalReplay != null) {
                journalReplay.close();
            }
            pipelines.forEach(CameraPipeline::stop);
            diskGuard.close();
            sweeper.close();
            // The cameras have handed over their last violations; their evidence is written before the database goes,
            // and before the recorders stop (a clip cut from the recording waits for its last segment).
            recorder.close();
            recordings.close();
            warnings.close();
            minutes.close();
            if (push != null) {
                push.close();
            }
            countWriter.close();
            plateWriter.flush();
            try {
                api.close().await(5, TimeUnit.SECONDS);
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("API did not stop cleanly: {}", e.getMessage());
            }
            pipelines.forEach(CameraPipeline::closeAnalysis);
            masker.close();
            detector.close();
            database.close();
        }
    }
}
