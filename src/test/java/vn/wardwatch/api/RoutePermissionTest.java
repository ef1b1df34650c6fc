package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.wardwatch.auth.PasswordHasher;
import vn.wardwatch.auth.Role;
import vn.wardwatch.auth.User;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.recording.ClipExporter;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.warning.WarningSnapshots;

/**
 * Every operation of the contract, read from the contract file itself, times every caller (each role, no token, a
 * bad token), sent to the real server over a real database: 401 without a valid token, 403 for a role the
 * {@link RoutePolicy} does not allow, anything else (200, 404, 400, ...) when it does.
 */
class RoutePermissionTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    private static ApiServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = new java.util.HashMap<>();
    private static final String LOGIN_PASSWORD = "a-long-enough-password";
    private static TestUsers users;

    /** One operation of the contract. */
    record Operation(String id, String method, String path) {
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(database);
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(),
                new ApiDependencies.Violations(new JdbcViolationRepository(database), dir.resolve("evidence"),
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), Map.of()),
                new ApiDependencies.Traffic(List::of, new JdbcWarningRepository(database),
                        new WarningSnapshots(dir), new JdbcZoneMinuteRepository(database)),
                new ApiDependencies.Recordings(recordings, new ClipExporter(recordings, dir.resolve("rec"),
                        dir.resolve("tmp"), "ffmpeg", "ffprobe"), Set.of("gate1")));
        users = new TestUsers(database);
        // A masker is configured, so that the coordinator's allowed file routes are not refused for lack of one.
        deps = deps.withSecurity(users.security(Map.of(), (original, kind) -> original));
        for (Role role : Role.values()) {
            TOKENS.put(role.wireName(), users.token(role));
        }
        users.repository().add(new User("login-user", Role.OFFICER, Set.of("*"), Instant.now(), false),
                new PasswordHasher().hash(LOGIN_PASSWORD.toCharArray()));
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    /** Every operation in the contract file, as the server loads it. */
    @SuppressWarnings("unchecked")
    static List<Operation> operations() throws Exception {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(ApiServer.CONTRACT)) {
            Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<Operation> ops = new ArrayList<>();
            Map<String, Object> paths = (Map<String, Object>) tree.get("paths");
            paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
                if (op instanceof Map<?, ?> m && m.get("operationId") instanceof String id) {
                    ops.add(new Operation(id, method.toUpperCase(java.util.Locale.ROOT), path));
                }
            }));
            return ops;
        }
    }

    static Stream<Arguments> operationsTimesCallers() throws Exception {
        List<String> callers = new ArrayList<>();
        for (Role role : Role.values()) {
            callers.add(role.wireName());
        }
        callers.add("no token");
        callers.add("bad token");
        List<Arguments> cases = new ArrayList<>();
        for (Operation op : operations()) {
            for (String caller : callers) {
                cases.add(Arguments.of(op.id(), op.method(), op.path(), caller));
            }
        }
        return cases.stream();
    }

    @Test
    void everyOperationOfTheContractIsInThePolicyTable() throws Exception {
        Set<String> missing = new TreeSet<>();
        for (Operation op : operations()) {
            if (!RoutePolicy.known().contains(op.id())) {
                missing.add(op.id());
            }
        }
        assertTrue(missing.isEmpty(), "operations without a line in RoutePolicy (refused to everyone): " + missing);
        assertTrue(operations().size() >= 29, "the contract was read: " + operations().size() + " operations");
    }

    @Test
    void anOperationMissingFromTheTableIsAllowedToNobody() {
        for (Role role : Role.values()) {
            assertFalse(RoutePolicy.allows("someNewOperation", role));
        }
        assertFalse(RoutePolicy.open("someNewOperation"));
    }

    @Test
    void theTableSaysWhatTheIssueAsks() {
        assertEquals(EnumSet.of(Role.ADMIN, Role.IOC), RoutePolicy.roles("getMetrics").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER), RoutePolicy.roles("reviewViolation").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER), RoutePolicy.roles("putSignal").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER), RoutePolicy.roles("searchPlates").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER), RoutePolicy.roles("getPlateCrop").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER), RoutePolicy.roles("exportViolation").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER, Role.COORDINATOR),
                RoutePolicy.roles("getViolation").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER, Role.COORDINATOR),
                RoutePolicy.roles("getRecordingClip").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER, Role.COORDINATOR),
                RoutePolicy.roles("getCameraGeometry").orElseThrow());
        assertEquals(EnumSet.of(Role.ADMIN, Role.OFFICER, Role.COORDINATOR),
                RoutePolicy.roles("getCameraFrame").orElseThrow());
        for (String ioc : List.of("getIoc", "streamEvents", "listWarnings", "getCounts", "getLive", "listCameras",
                "listZoneMinutes")) {
            assertTrue(RoutePolicy.allows(ioc, Role.IOC), ioc);
        }
        assertEquals(Set.of("getHealth", "getLiveness", "getReadiness", "login"), RoutePolicy.OPEN);
    }

    @ParameterizedTest(name = "{0} ({1} {2}) as {3}")
    @MethodSource("operationsTimesCallers")
    void callerGetsTheStatusClassThePolicySays(String operationId, String method, String path, String caller)
            throws Exception {
        int status = send(method, path, caller);
        if (RoutePolicy.open(operationId)) {
            assertTrue(status != 401 && status != 403, operationId + " is open, got " + status);
        } else if (caller.equals("no token") || caller.equals("bad token")) {
            assertEquals(401, status, operationId + " with " + caller);
        } else if (RoutePolicy.allows(operationId, Role.fromWireName(caller).orElseThrow())) {
            assertTrue(status != 401 && status != 403, operationId + " as " + caller + " is allowed, got " + status);
        } else {
            assertEquals(403, status, operationId + " as " + caller);
        }
    }

    /** Sends a request the contract accepts, reading only the status (the event stream never ends). */
    private static int send(String method, String path, String caller) throws Exception {
        String url = "http://127.0.0.1:" + server.port() + path
                .replace("{cameraId}", "gate1").replace("{violationId}", "v1").replace("{fileName}", "details.json")
                .replace("{plateId}", "1").replace("{signalId}", "gate1_ctl")
                .replace("{warningId}", "00000000-0000-0000-0000-000000000000");
        if (path.endsWith("/recordings") || path.endsWith("/clip")) {
            url += "?from=2026-11-22T01:00:00Z&to=2026-11-22T01:01:00Z";
        }
        String body = switch (path) {
            case "/api/v1/login" -> "{\"username\": \"login-user\", \"password\": \"" + LOGIN_PASSWORD + "\"}";
            case "/api/v1/violations/{violationId}/review" -> "{\"decision\": \"confirm\"}";
            case "/api/v1/signals/{signalId}" -> "{\"state\": \"red\"}";
            case "/api/v1/violations/{violationId}/release" -> "{\"reason\": \"case closed\"}";
            default -> null;
        };
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (caller.equals("bad token")) {
            b.header("Authorization", "Bearer not-a-token-this-server-gave");
        } else if (caller.equals("no token")) {
            // no Authorization header
        } else if (path.equals("/api/v1/logout")) {
            // Logging out ends the session: use one of its own, not the one the other cases share.
            Role role = Role.fromWireName(caller).orElseThrow();
            b.header("Authorization", TestUsers.bearer(users.token("logout-" + caller, role, Set.of("*"))));
        } else {
            b.header("Authorization", TestUsers.bearer(TOKENS.get(caller)));
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }
}
