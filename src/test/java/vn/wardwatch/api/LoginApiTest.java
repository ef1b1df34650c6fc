package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.audit.AuditEntry;
import vn.wardwatch.testsupport.RecordedAudit;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.auth.LoginThrottle;
import vn.wardwatch.auth.PasswordHasher;
import vn.wardwatch.auth.Role;
import vn.wardwatch.auth.User;
import vn.wardwatch.auth.UserRepository;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.testsupport.StepClock;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;

/** Login, me and logout over HTTP, with the server's clock moved by the test (session expiry, throttle). */
class LoginApiTest {

    private static final String PASSWORD = "lan-long-password";

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    private static ApiServer server;
    private static ApiServer noUsers;
    private static final StepClock CLOCK = new StepClock();
    private static RecordedAudit AUDIT;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        AUDIT = new RecordedAudit(database);
        UserRepository users = new UserRepository(database);
        users.add(new User("lan", Role.COORDINATOR, Set.of("*"), CLOCK.instant(), false),
                new PasswordHasher().hash(PASSWORD.toCharArray()));
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), CLOCK);
        Authenticator auth = new Authenticator(users, new PasswordHasher(), new LoginThrottle(CLOCK), CLOCK,
                Duration.ofHours(8));
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps.withSecurity(
                new ApiDependencies.Security(auth, AUDIT, CameraScope.none(), null))).await(20, TimeUnit.SECONDS);
        // The same server without a user store: fail closed.
        noUsers = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        noUsers.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }

    private static HttpResponse<String> send(ApiServer to, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> login(String user, String password) throws Exception {
        return send(server, "POST", "/api/v1/login", new JsonObject().put("username", user).put("password", password)
                .encode(), null);
    }

    @Test
    void loginGivesATokenThatMeLogoutAndExpiryRespect() throws Exception {
        HttpResponse<String> r = login("lan", PASSWORD);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals("lan", body.getString("user"));
        assertEquals("coordinator", body.getString("role"));
        assertEquals(CLOCK.instant().plus(Duration.ofHours(8)), Instant.parse(body.getString("expires_at")));
        String token = body.getString("token");

        HttpResponse<String> me = send(server, "GET", "/api/v1/me", null, token);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("lan", new JsonObject(me.body()).getString("user"));
        AuditEntry ok = AUDIT.withAction("login.ok").get(0);
        assertEquals("lan", ok.actor());
        assertTrue(ok.detail().contains("127.0.0.1"), ok.detail());

        assertEquals(204, send(server, "POST", "/api/v1/logout", null, token).statusCode());
        assertEquals(401, send(server, "GET", "/api/v1/me", null, token).statusCode());
        assertFalse(AUDIT.withAction("logout").isEmpty());

        String second = new JsonObject(login("lan", PASSWORD).body()).getString("token");
        assertEquals(200, send(server, "GET", "/api/v1/me", null, second).statusCode());
        CLOCK.advance(Duration.ofHours(8));
        HttpResponse<String> expired = send(server, "GET", "/api/v1/me", null, second);
        assertEquals(401, expired.statusCode());
        assertTrue(expired.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void wrongPasswordIsA401AuditedWithoutThePassword() throws Exception {
        HttpResponse<String> r = login("lan", "not-the-password");
        assertEquals(401, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(AUDIT.entries().stream().noneMatch(e -> e.detail().contains("not-the-password")));
        assertTrue(AUDIT.withAction("login.failed").stream().anyMatch(e -> e.detail().contains("127.0.0.1")));
        CLOCK.advance(LoginThrottle.WINDOW); // this failure does not count towards the throttle test
    }

    @Test
    void repeatedFailuresAreThrottledWithRetryAfterEvenForAnUnknownUser() throws Exception {
        CLOCK.advance(LoginThrottle.WINDOW);
        int throttledAt = -1;
        for (int i = 1; i <= 6 && throttledAt < 0; i++) {
            HttpResponse<String> r = login("nobody-" + (i % 2), "guess-" + i);
            if (r.statusCode() == 429) {
                throttledAt = i;
                long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);
            } else {
                assertEquals(401, r.statusCode());
            }
        }
        assertEquals(6, throttledAt, "5 failures from one address lock it");
        assertEquals(429, login("lan", PASSWORD).statusCode(), "the address is locked, even with the right password");
        CLOCK.advance(LoginThrottle.LOCK);
        assertEquals(200, login("lan", PASSWORD).statusCode());
    }

    @Test
    void withoutUsersEveryProtectedRouteIs401AndHealthStaysOpen() throws Exception {
        assertEquals(401, send(noUsers, "GET", "/api/v1/cameras", null, null).statusCode());
        assertEquals(401, send(noUsers, "GET", "/api/v1/cameras", null, "anything").statusCode());
        assertEquals(401, send(noUsers, "POST", "/api/v1/login",
                "{\"username\": \"admin\", \"password\": \"admin\"}", null).statusCode());
        assertEquals(200, send(noUsers, "GET", "/health/live", null, null).statusCode());
        assertEquals(200, send(noUsers, "GET", "/openapi.yaml", null, null).statusCode());
    }

    @Test
    void theQueryTokenIsOnlyForTheEventStream() throws Exception {
        String token = new JsonObject(login("lan", PASSWORD).body()).getString("token");
        assertEquals(401, send(server, "GET", "/api/v1/me?access_token=" + token, null, null).statusCode());
    }
}
