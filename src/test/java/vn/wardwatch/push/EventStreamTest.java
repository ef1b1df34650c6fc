package vn.wardwatch.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.wardwatch.push.PushEventsFixture.level;
import static vn.wardwatch.push.PushEventsFixture.warning;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.api.ApiDependencies;
import vn.wardwatch.api.ApiServer;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.testsupport.Await;

/** {@code GET /api/v1/events} on the real API server, read by a real HTTP client. */
class EventStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static Database database;
    /** A machine token of the operations centre (role ioc, issue 8). */
    private static String token;
    private static ApiServer server;
    private static PrometheusMeterRegistry metrics;
    private static final HttpClient http = HttpClient.newHttpClient();

    /** One parsed event. */
    record Sse(long id, String event, JsonObject data) {
    }

    /** Reads a stream on its own thread; lines and events are collected as they arrive. */
    static final class Reader implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Sse> events = new CopyOnWriteArrayList<>();
        final int status;
        private final Stream<String> body;

        Reader(HttpResponse<Stream<String>> response) {
            status = response.statusCode();
            body = response.body();
            Thread t = new Thread(() -> {
                long id = -1;
                String event = null;
                try {
                    for (String line : (Iterable<String>) body::iterator) {
                        lines.add(line);
                        if (line.startsWith("id: ")) {
                            id = Long.parseLong(line.substring(4));
                        } else if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            events.add(new Sse(id, event, new JsonObject(line.substring(6))));
                        }
                    }
                } catch (RuntimeException e) {
                    // closed by the test
                }
            }, "sse-reader");
            t.setDaemon(true);
            t.start();
        }

        List<String> ids() {
            return events.stream().map(e -> e.data().getString("id", e.event())).toList();
        }

        @Override
        public void close() {
            body.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, metrics, Clock.systemUTC());
        TestUsers users = new TestUsers(database);
        token = users.token(Role.IOC);
        server = ApiServer.start(vertx, new ApiConfig("127.0.0.1", 0), deps.withSecurity(users.security()))
                .await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
        database.close();
    }

    private static Reader open(String query, String lastEventId) throws Exception {
        // The operations centre's machine token, as a browser's EventSource sends it: in the query.
        String withToken = query + (query.isEmpty() ? "?" : "&") + "access_token=" + token;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/events" + withToken));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Reader reader = new Reader(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        Await.until(WAIT, "the stream to open", () -> reader.lines.contains(": connected"), () -> reader.lines);
        return reader;
    }

    private static void publishWarning(String id) {
        vertx.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate1", "north", 0).put("id", id));
    }

    @Test
    void eventsArriveFilteredAndResumeFromLastEventId() throws Exception {
        Reader first = open("?types=warning,level", null);
        assertEquals(200, first.status);
        publishWarning("w1");
        vertx.eventBus().publish(EventBusPublisher.LEVELS, level("gate1", "north", "slow", 1).put("id", "l1"));
        vertx.eventBus().publish(EventBusPublisher.VIOLATIONS, new JsonObject().put("id", "v1").put("camera", "gate1"));
        publishWarning("w2");
        Await.until(WAIT, "three events", () -> first.events.size() >= 3, first::ids);
        assertEquals(List.of("w1", "l1", "w2"), first.ids(), "the violation is filtered out");
        assertEquals(List.of("warning", "level", "warning"), first.events.stream().map(Sse::event).toList());
        List<Long> ids = first.events.stream().map(Sse::id).toList();
        assertTrue(ids.get(0) < ids.get(1) && ids.get(1) < ids.get(2), "ids increase: " + ids);
        long lastSeen = ids.get(1);
        first.close();

        publishWarning("w3"); // while nobody listens
        Reader resumed = open("?types=warning,level", Long.toString(lastSeen));
        publishWarning("w4");
        Await.until(WAIT, "replay and live", () -> resumed.events.size() >= 3, resumed::ids);
        assertEquals(List.of("w2", "w3", "w4"), resumed.ids(), "missed events replayed once, then live ones");
        resumed.close();
    }

    @Test
    void unknownTypeIsAProblem() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/events?types=warning,parking")).header("Authorization", TestUsers.bearer(token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("parking"), r.body());
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndOthersKeepReceiving() throws Exception {
        Reader reader = open("?types=warning", null);
        double before = clients();
        // A raw socket that asks for the stream and then never reads.
        try (Socket stuck = new Socket("127.0.0.1", server.port())) {
            stuck.setReceiveBufferSize(4096);
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /api/v1/events?types=warning HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.until(WAIT, "the stuck client to connect", () -> clients() == before + 1, () -> clients());
            String padding = "x".repeat(4000);
            int n = 3000; // 12 MB: far beyond socket buffers and the 256 KiB allowance
            for (int i = 0; i < n; i++) {
                JsonObject w = warning("gate1", "north", i).put("id", "bulk-" + i);
                w.getJsonObject("metrics").put("padding", padding);
                vertx.eventBus().publish(EventBusPublisher.WARNINGS, w);
            }
            Await.until(Duration.ofSeconds(20), "the reading client to get every event",
                    () -> reader.ids().contains("bulk-" + (n - 1)), () -> reader.events.size());
            Await.until(WAIT, "the stuck client to be dropped", () -> clients() == before, () -> clients());
        }
        List<String> bulk = reader.ids().stream().filter(id -> id.startsWith("bulk-")).toList();
        assertEquals(3000, bulk.size(), "the reader lost nothing");
        reader.close();
    }

    private static double clients() {
        return metrics.get(Meters.PUSH_SSE_CLIENTS).gauge().value();
    }

    @Test
    void aHeartbeatCommentKeepsAnIdleStreamOpen() throws Exception {
        Vertx local = Vertx.vertx();
        EventStream stream = new EventStream(local, new EventStream.Settings(10, 100, 64 * 1024), null);
        Router router = Router.router(local);
        router.get("/events").handler(stream::handle);
        var httpServer = local.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(5, TimeUnit.SECONDS);
        try {
            Reader reader = new Reader(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + httpServer.actualPort() + "/events")).build(), HttpResponse.BodyHandlers.ofLines()));
            Await.until(WAIT, "two heartbeats", () -> reader.lines.stream().filter(": keep-alive"::equals).count() >= 2,
                    () -> reader.lines);
            reader.close();
        } finally {
            stream.close();
            local.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientGetsOnlyItsCamerasEventsAndNoViolationsWithoutThePlateRight() throws Exception {
        Vertx local = Vertx.vertx();
        EventStream stream = new EventStream(local, EventStream.Settings.DEFAULT, null);
        Router router = Router.router(local);
        // What ApiServer does for a coordinator of gate1 (issue 8).
        router.get("/events").handler(ctx -> stream.handle(ctx, "gate1"::equals, false));
        var httpServer = local.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(5, TimeUnit.SECONDS);
        try {
            Reader reader = new Reader(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + httpServer.actualPort() + "/events?types=warning,violation")).build(),
                    HttpResponse.BodyHandlers.ofLines()));
            Await.until(WAIT, "the stream to open", () -> reader.lines.contains(": connected"), () -> reader.lines);
            local.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate2", "north", 0).put("id", "other"));
            local.eventBus().publish(EventBusPublisher.VIOLATIONS, new JsonObject().put("id", "v1")
                    .put("camera", "gate1").put("plate", "30A-339.18"));
            local.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate1", "north", 1).put("id", "mine"));
            Await.until(WAIT, "its camera's warning", () -> reader.ids().contains("mine"), reader::ids);
            assertEquals(List.of("mine"), reader.ids(), "no other camera's warning, no violation");
            reader.close();
        } finally {
            stream.close();
            local.close().await(5, TimeUnit.SECONDS);
        }
    }
}
