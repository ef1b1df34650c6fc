package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.ApiConfig;

/**
 * The web console's static files (issue 9): public, with the security headers, the page revalidated on every load;
 * the API stays behind its token, and unknown paths are 404 problems.
 */
class ConsoleFilesTest {

    @TempDir
    static Path dir;
    static TestApi api;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi(dir, new ApiConfig("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsolePageLoadsWithoutATokenAndIsRevalidated() throws Exception {
        for (String path : new String[] {"/", "/index.html"}) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(r.body().contains("WardWatch console"), path + ": " + r.body());
            assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(null), path);
            assertEquals(SecurityHeaders.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
        }
    }

    @Test
    void assetsAreRevalidatedByTheirDate() throws Exception {
        HttpResponse<String> r = get("/assets/console.css");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(null));
        String modified = r.headers().firstValue("Last-Modified").orElse(null);
        assertTrue(modified != null, "a Last-Modified: " + r.headers().map());
        assertEquals(304, get("/assets/console.css", "If-Modified-Since", modified).statusCode());
        assertEquals(SecurityHeaders.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    void unknownFilesAndFoldersAreNotFoundProblemsWithoutAListing() throws Exception {
        for (String path : new String[] {"/nope.js", "/assets/", "/assets/../../pom.xml",
                "/webroot/index.html"}) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    path);
            assertFalse(r.body().contains("console.css"), path + " lists no folder: " + r.body());
        }
    }

    @Test
    void theApiStillNeedsAToken() throws Exception {
        assertEquals(401, get("/api/v1/cameras").statusCode());
        assertEquals(401, get("/api/v1/no-such-thing").statusCode());
        assertEquals(401, get("/api/index.html").statusCode());
        assertEquals(401, get("/metrics").statusCode());
    }
}
