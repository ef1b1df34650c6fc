package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.retention.ViolationHolds;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.auth.Role;
import vn.wardwatch.auth.User;
import java.util.Set;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;

/** The audit log and hold release routes (issue 8) against a real server and real H2 rows. */
class AuditApiTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    private static ApiServer server;
    private static JdbcAuditLog audit;
    private static final java.util.concurrent.atomic.AtomicBoolean diskLow = new java.util.concurrent.atomic.AtomicBoolean();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        audit = new JdbcAuditLog(database, AuditAnchor.in(dir), Clock.systemUTC());
        JdbcViolationRepository violations = new JdbcViolationRepository(database);
        violations.add(new StoredViolation("v1", "gate1", "RED_LIGHT", StoredViolation.CONFIRMED, T0,
                ZoneOffset.ofHours(7), 1, "car", "stop", null, "red", "image", "abc", null, null, null, "gate1/v1",
                "00", T0));
        audit.record("alice", "login.ok", "user:alice", "");
        audit.record("bob", "evidence.view", "violation:v1", "");
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), null,
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), null, null, null).withGovernance(new ApiDependencies.Governance(audit,
                new ViolationHolds(database, audit, Clock.systemUTC()), diskLow::get));
        TestUsers users = new TestUsers(database);
        adminToken = users.token("admin", Role.ADMIN, Set.of(User.ALL_GROUPS));
        deps = deps.withSecurity(users.security());
        server = ApiServer.start(vertx, new ApiConfig("::", 0), deps).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.header("Authorization", TestUsers.bearer(adminToken));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void auditListFiltersByActorAndActionNewestFirst() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/audit?actor=bob", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray entries = new JsonObject(r.body()).getJsonArray("entries");
        assertEquals(1, entries.size());
        JsonObject e = entries.getJsonObject(0);
        assertEquals(List.of(2, "evidence.view", "violation:v1"), List.of(e.getInteger("seq"), e.getString("action"),
                e.getString("target")));
        assertEquals(64, e.getString("entryHash").length());
        assertEquals(400, send("GET", "/api/v1/audit?limit=0", null).statusCode());
        assertEquals(400, send("GET", "/api/v1/audit?from=yesterday", null).statusCode());
    }

    @Test
    void healthIsDegradedButReadyWhileTheDiskIsLow() throws Exception {
        HttpResponse<String> up = send("GET", "/health", null);
        assertEquals(200, up.statusCode(), up.body());
        assertEquals("UP", new JsonObject(up.body()).getString("status"));
        assertEquals("UP", new JsonObject(up.body()).getJsonObject("checks").getString("disk"));
        diskLow.set(true);
        try {
            HttpResponse<String> low = send("GET", "/health", null);
            assertEquals(200, low.statusCode(), low.body());
            assertEquals("DEGRADED", new JsonObject(low.body()).getString("status"));
            assertEquals("LOW", new JsonObject(low.body()).getJsonObject("checks").getString("disk"));
        } finally {
            diskLow.set(false);
        }
    }

    @Test
    void releaseLiftsTheHoldOnceAndIsAudited() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/violations/v1/release",
                "{\"reason\":\"case closed\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(new JsonObject().put("violationId", "v1").put("released", true).put("releasedBy", "admin"),
                new JsonObject(r.body()));
        HttpResponse<String> again = send("POST", "/api/v1/violations/v1/release",
                "{\"reason\":\"again\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("already released"), again.body());
        assertEquals(404, send("POST", "/api/v1/violations/nope/release",
                "{\"reason\":\"x\"}").statusCode());
        assertEquals(400, send("POST", "/api/v1/violations/v1/release", "{}").statusCode());
        assertEquals("violation:v1", audit.latest(ViolationHolds.AUDIT_ACTION).orElseThrow().target());
    }
}
