package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;

/**
 * Every answer carries the browser hardening headers: successes, problems, 401s, 403s, 404s, 405s, 413s and the
 * contract. Requests carry an admin's token unless the case says otherwise, so the protected routes answer from
 * their handlers, not from the guard.
 */
class SecurityHeadersTest {

    @TempDir
    static Path dir;
    static TestApi api;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi(dir, new ApiConfig("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void everyKindOfAnswerHasTheHeaders() throws Exception {
        String admin = api.token(Role.ADMIN);
        String ioc = api.token(Role.IOC);
        record Case(String method, String path, int status, String token, String contentType, byte[] body) {
            Case(String method, String path, int status, String token) {
                this(method, path, status, token, null, null);
            }
        }
        List<Case> cases = List.of(
                new Case("GET", "/health", 200, null),
                new Case("GET", "/api/v1/cameras", 200, admin),
                new Case("GET", "/metrics", 200, admin),
                new Case("GET", "/api/v1/counts?from=yesterday", 400, admin), // a problem from validation
                new Case("GET", "/api/v1/cameras/nope", 404, admin),          // a problem from a handler
                new Case("GET", "/no/such/route", 404, null),                 // the router's own 404
                new Case("DELETE", "/api/v1/cameras", 405, admin),
                new Case("GET", "/api/v1/violations", 503, admin),            // no violations in this server
                new Case("GET", "/openapi.yaml", 200, null),
                // The guard's own answers: no token, a token nobody issued, a role without the right.
                new Case("GET", "/api/v1/cameras", 401, null),
                new Case("GET", "/api/v1/cameras", 401, "not-a-token"),
                new Case("GET", "/api/v1/audit", 403, ioc),
                // Over the body limit: refused before it is read (the body handler runs after the headers one).
                new Case("PUT", "/api/v1/signals/s1", 413, admin, "application/json",
                        new byte[(int) ApiServer.BODY_LIMIT_BYTES + 1]),
                new Case("PUT", "/api/v1/signals/s1", 415, admin, "multipart/form-data; boundary=", "--".getBytes()));
        for (Case c : cases) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + c.path())).headers(c.contentType() == null ? new String[] {"X-Test", "1"}
                            : new String[] {"Content-Type", c.contentType()})
                    .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            if (c.token() != null) {
                request.header("Authorization", "Bearer " + c.token());
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String where = c.method() + " " + c.path() + " -> " + r.statusCode();
            assertEquals(c.status(), r.statusCode(), where + ": " + r.body());
            assertEquals("nosniff", header(r, "X-Content-Type-Options"), where);
            assertEquals("DENY", header(r, "X-Frame-Options"), where);
            assertEquals("no-referrer", header(r, "Referrer-Policy"), where);
            assertEquals(SecurityHeaders.CSP, header(r, "Content-Security-Policy"), where);
            assertEquals(SecurityHeaders.PERMISSIONS, header(r, "Permissions-Policy"), where);
            assertFalse(r.headers().firstValue("Strict-Transport-Security").isPresent(), "plain HTTP: " + where);
            if (r.statusCode() == 401) {
                assertEquals("Bearer realm=\"wardwatch\"", header(r, "WWW-Authenticate"), where);
            }
            if (c.path().equals("/openapi.yaml")) {
                assertFalse(r.headers().firstValue("Cache-Control").isPresent(), where);
            } else {
                assertTrue(header(r, "Cache-Control").contains("no-store"), where);
            }
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        List<String> values = r.headers().allValues(name);
        assertEquals(1, values.size(), name + " once, got " + values);
        return values.get(0);
    }
}
