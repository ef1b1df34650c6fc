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
import vn.wardwatch.config.ApiConfig;

/** Every answer carries the browser hardening headers: successes, problems, 404s, 405s, 413s and the contract. */
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
        record Case(String method, String path, int status, String contentType, byte[] body) {
            Case(String method, String path, int status) {
                this(method, path, status, null, null);
            }
        }
        List<Case> cases = List.of(
                new Case("GET", "/health", 200),
                new Case("GET", "/api/v1/cameras", 200),
                new Case("GET", "/metrics", 200),
                new Case("GET", "/api/v1/counts?from=yesterday", 400),     // a problem from validation
                new Case("GET", "/api/v1/cameras/nope", 404),              // a problem from a handler
                new Case("GET", "/no/such/route", 404),                    // the router's own 404
                new Case("DELETE", "/api/v1/cameras", 405),
                new Case("GET", "/api/v1/violations", 503),                // no violations in this server
                new Case("GET", "/openapi.yaml", 200),
                // Over the body limit: refused before it is read (the body handler runs after the headers one).
                new Case("PUT", "/api/v1/signals/s1", 413, "application/json",
                        new byte[(int) ApiServer.BODY_LIMIT_BYTES + 1]),
                new Case("PUT", "/api/v1/signals/s1", 415, "multipart/form-data; boundary=", "--".getBytes()));
        for (Case c : cases) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + c.path())).headers(c.contentType() == null ? new String[] {"X-Test", "1"}
                            : new String[] {"Content-Type", c.contentType()})
                    .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(c.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            String where = c.method() + " " + c.path() + " -> " + r.statusCode();
            assertEquals(c.status(), r.statusCode(), where + ": " + r.body());
            assertEquals("nosniff", header(r, "X-Content-Type-Options"), where);
            assertEquals("DENY", header(r, "X-Frame-Options"), where);
            assertEquals("no-referrer", header(r, "Referrer-Policy"), where);
            assertEquals(SecurityHeaders.CSP, header(r, "Content-Security-Policy"), where);
            assertEquals(SecurityHeaders.PERMISSIONS, header(r, "Permissions-Policy"), where);
            assertFalse(r.headers().firstValue("Strict-Transport-Security").isPresent(), "plain HTTP: " + where);
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
