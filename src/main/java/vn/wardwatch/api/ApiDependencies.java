package vn.wardwatch.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import vn.wardwatch.audit.AuditTrail;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.privacy.MediaMasker;
import vn.wardwatch.recording.ClipExporter;
import vn.wardwatch.recording.RecordingRepository;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.storage.CameraStateRepository;
import vn.wardwatch.storage.CountRepository;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.PlateRepository;
import vn.wardwatch.storage.ViolationRepository;
import vn.wardwatch.storage.ZoneMinuteRepository;
import vn.wardwatch.storage.WarningRepository;
import vn.wardwatch.warning.WarningSnapshots;

/**
 * What the API reads from the rest of the system.
 *
 * @param violations violations, evidence and signals; null when the server has none (then those routes answer 503)
 * @param recordings recorded video; null when nothing is recorded (then those routes answer 503)
 */
public record ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                              PlateRepository plates, PlateCropStore plateCrops, BooleanSupplier databaseHealthy,
                              BooleanSupplier detectorLoaded, PrometheusMeterRegistry metrics, Clock clock,
                              Violations violations, Traffic traffic, Recordings recordings,
                              Governance governance, Security security) {

    /**
     * The audit log and retention holds (issue 8); both routes are admin only.
     *
     * @param diskLow whether the disk guard has stopped non-evidence media (health answers DEGRADED); may be null
     */
    public record Governance(vn.wardwatch.audit.JdbcAuditLog audit, vn.wardwatch.retention.ViolationHolds holds,
                             BooleanSupplier diskLow) {

        public Governance(vn.wardwatch.audit.JdbcAuditLog audit, vn.wardwatch.retention.ViolationHolds holds) {
            this(audit, holds, null);
        }

        /** @throws ApiException 503 when the server was started without them */
        static Governance available(Governance g) {
            if (g == null) {
                throw new ApiException(503, "Service Unavailable", "this server keeps no audit log");
            }
            return g;
        }
    }

    /**
     * Who may call what (issue 8).
     *
     * @param auth   logins, sessions and tokens; null means no user store: every protected route answers 401
     * @param audit  where logins, evidence views, exports and reviews are recorded
     * @param scope  which cameras each user sees
     * @param masker masks plates and faces in pictures and clips for coordinators; null refuses them those files
     */
    public record Security(Authenticator auth, AuditTrail audit, CameraScope scope, MediaMasker masker) {

        /** Fail closed: no users, nothing recorded, no camera groups, no masker. */
        public static final Security NONE = new Security(null, (actor, action, target, detail) -> { },
                CameraScope.none(), null);
    }

    /** Without the audit log, holds and security: every protected route answers 401. */
    public ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                           PlateRepository plates, PlateCropStore plateCrops, BooleanSupplier databaseHealthy,
                           BooleanSupplier detectorLoaded, PrometheusMeterRegistry metrics, Clock clock,
                           Violations violations, Traffic traffic, Recordings recordings) {
        this(cameras, counts, cameraStates, plates, plateCrops, databaseHealthy, detectorLoaded, metrics, clock,
                violations, traffic, recordings, null, Security.NONE);
    }

    /** The same dependencies with these audit log and holds. */
    public ApiDependencies withGovernance(Governance newGovernance) {
        return new ApiDependencies(cameras, counts, cameraStates, plates, plateCrops, databaseHealthy, detectorLoaded,
                metrics, clock, violations, traffic, recordings, newGovernance, security);
    }

    /** The same dependencies with this security. */
    public ApiDependencies withSecurity(Security newSecurity) {
        return new ApiDependencies(cameras, counts, cameraStates, plates, plateCrops, databaseHealthy, detectorLoaded,
                metrics, clock, violations, traffic, recordings, governance, newSecurity);
    }

    /**
     * Recorded video (issue 7).
     *
     * @param cameras the ids of the cameras that exist (recorded or not), to tell an unknown camera from no video
     */
    public record Recordings(RecordingRepository repository, ClipExporter exporter, Set<String> cameras) {
    }

    /** Without recordings. */
    public ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                           PlateRepository plates, PlateCropStore plateCrops, BooleanSupplier databaseHealthy,
                           BooleanSupplier detectorLoaded, PrometheusMeterRegistry metrics, Clock clock,
                           Violations violations, Traffic traffic) {
        this(cameras, counts, cameraStates, plates, plateCrops, databaseHealthy, detectorLoaded, metrics, clock,
                violations, traffic, null);
    }

    /**
     * Zone traffic state and warnings (issue 6).
     *
     * @param snapshots where the warnings' snapshot pictures are
     */
    public record Traffic(IocSource ioc, WarningRepository repository, WarningSnapshots snapshots,
                          ZoneMinuteRepository minutes) {
    }

    /** Without traffic state and warnings. */
    public ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                           PlateRepository plates, PlateCropStore plateCrops, BooleanSupplier databaseHealthy,
                           BooleanSupplier detectorLoaded, PrometheusMeterRegistry metrics, Clock clock,
                           Violations violations) {
        this(cameras, counts, cameraStates, plates, plateCrops, databaseHealthy, detectorLoaded, metrics, clock,
                violations, null);
    }

    /**
     * @param evidenceRoot where evidence packages are; stored package paths are relative to it
     * @param publicKey    verifies the packages' signatures; served at {@code /api/v1/evidence/public-key}
     * @param signals      every camera's signal board, by signal head id (ids are unique over all cameras)
     * @param reports      heads' states read where the camera runs (a cluster's workers); listed instead of the
     *                     board's when present
     */
    public record Violations(ViolationRepository repository, Path evidenceRoot, PublicKey publicKey,
                             Map<String, SignalBoard> signals, SignalReports reports) {

        /** One process: the boards are where the cameras run. */
        public Violations(ViolationRepository repository, Path evidenceRoot, PublicKey publicKey,
                          Map<String, SignalBoard> signals) {
            this(repository, evidenceRoot, publicKey, signals, SignalReports.NONE);
        }
    }

    /** Without violations (counting-only tests). */
    public ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                           PlateRepository plates, PlateCropStore plateCrops, BooleanSupplier databaseHealthy,
                           BooleanSupplier detectorLoaded, PrometheusMeterRegistry metrics, Clock clock) {
        this(cameras, counts, cameraStates, plates, plateCrops, databaseHealthy, detectorLoaded, metrics, clock, null,
                null);
    }
}
