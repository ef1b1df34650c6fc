package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.wardwatch.storage.StorageException;

/** A route whose database read fails (disk full, I/O error) answers 503 problem+json without the path, not 500. */
class ProblemHandlerStorageTest {

    @Test
    void aStorageFailureIs503AndKeepsThePathInTheLog() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            router.get("/api/v1/violations").handler(ctx -> {
                throw new StorageException("cannot list violations: /srv/wardwatch/data/wardwatch.mv.db: No space"
                        + " left on device", null);
            });
            router.route().failureHandler(new ProblemHandler());
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.actualPort() + "/api/v1/violations")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
            JsonObject problem = new JsonObject(r.body());
            assertEquals(503, problem.getInteger("status"));
            assertEquals("Service Unavailable", problem.getString("title"));
            assertFalse(r.body().contains("/srv/wardwatch"), r.body());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
