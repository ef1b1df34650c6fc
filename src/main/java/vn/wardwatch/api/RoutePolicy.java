package vn.wardwatch.api;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.wardwatch.auth.Role;

/**
 * The one place that says which roles reach which operation of the contract (issue 8). An operation missing from
 * this table is refused to everyone: a new route stays closed until someone decides who may use it
 * ({@code RoutePermissionTest} checks that every operation of the contract is here).
 */
final class RoutePolicy {

    /** No token needed: liveness and readiness carry no data; login is how a token is got. */
    static final Set<String> OPEN = Set.of("getHealth", "getLiveness", "getReadiness", "login");

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> PEOPLE = EnumSet.of(Role.ADMIN, Role.OFFICER, Role.COORDINATOR);
    private static final Set<Role> PLATES = EnumSet.of(Role.ADMIN, Role.OFFICER);

    private static final Map<String, Set<Role>> ROLES = Map.ofEntries(
            Map.entry("logout", ALL),
            Map.entry("getMe", ALL),
            Map.entry("getMetrics", EnumSet.of(Role.ADMIN, Role.IOC)),
            // Cameras: ioc sees the same status fields; nothing beyond status is in these answers.
            Map.entry("listCameras", ALL),
            Map.entry("getCamera", ALL),
            // The console's camera view (issue 9): geometry and the live frame are for people, not machines.
            Map.entry("getCameraGeometry", PEOPLE),
            // The live frame shows plates and faces: coordinators get it masked.
            Map.entry("getCameraFrame", PEOPLE),
            Map.entry("listRecordings", PEOPLE),
            Map.entry("getRecordingClip", PEOPLE),
            Map.entry("getCounts", ALL),
            Map.entry("getLive", ALL),
            Map.entry("searchPlates", PLATES),
            Map.entry("getPlateCrop", PLATES),
            // Coordinators get violations with the plate masked, and pictures only through the media masker.
            Map.entry("listViolations", PEOPLE),
            Map.entry("getViolation", PEOPLE),
            Map.entry("getViolationFile", PEOPLE),
            Map.entry("exportViolation", PLATES),
            Map.entry("verifyViolation", PLATES),
            Map.entry("reviewViolation", PLATES),
            Map.entry("getEvidencePublicKey", PLATES),
            Map.entry("listSignals", PEOPLE),
            Map.entry("putSignal", PLATES),
            Map.entry("listWarnings", ALL),
            Map.entry("getWarningSnapshot", ALL),
            Map.entry("listZoneMinutes", ALL),
            Map.entry("getIoc", ALL),
            Map.entry("streamEvents", ALL),
            // Governance: the audit log and retention holds are the admin's.
            Map.entry("listAudit", EnumSet.of(Role.ADMIN)),
            Map.entry("releaseViolationHold", EnumSet.of(Role.ADMIN)));

    private RoutePolicy() {
    }

    static boolean open(String operationId) {
        return OPEN.contains(operationId);
    }

    /** The roles allowed; empty for an operation not in the table (then nobody is). */
    static Optional<Set<Role>> roles(String operationId) {
        return Optional.ofNullable(ROLES.get(operationId));
    }

    static boolean allows(String operationId, Role role) {
        return roles(operationId).map(r -> r.contains(role)).orElse(false);
    }

    /** Every operation this table decides on (open ones included). */
    static Set<String> known() {
        Set<String> all = new java.util.TreeSet<>(ROLES.keySet());
        all.addAll(OPEN);
        return all;
    }
}
