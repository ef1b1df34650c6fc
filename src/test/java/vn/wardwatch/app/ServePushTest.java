package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.push.EmbeddedBroker;
import vn.wardwatch.push.WebhookSignature;
import vn.wardwatch.auth.Role;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TestUsers;

/**
 * {@code serve} wiring of push: a real camera (the sample file) goes online, and its state reaches a signed webhook,
 * the MQTT broker (retained) and the SSE stream, all configured from YAML.
 */
class ServePushTest {

    private static final Path SAMPLE = Path.of("samples/street.h264");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aCameraGoingOnlineIsPushedByWebhookMqttAndSse() throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail(SAMPLE + " is missing: run ./scripts/make-sample.sh (./scripts/test.sh does)");
        }
        List<JsonObject> hooks = new CopyOnWriteArrayList<>();
        AtomicInteger badSignatures = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (WebhookSignature.verify("serve-test-secret",
                    exchange.getRequestHeaders().getFirst("X-WardWatch-Timestamp"), body,
                    exchange.getRequestHeaders().getFirst("X-WardWatch-Signature"))) {
                hooks.add(new JsonObject(body));
            } else {
                badSignatures.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            String yaml = "api: {host: \"127.0.0.1\", port: 0}\n"
                    + "storage: {data_dir: \"" + dir.resolve("data") + "\"}\n"
                    + "detector: {threads: 1}\n"
                    + "push:\n"
                    + "  webhooks:\n"
                    + "    - {id: ioc, url: \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\","
                    + " secret: \"${HOOK_SECRET}\", events: [camera_state]}\n"
                    + "  mqtt: {url: \"" + broker.url() + "\", client_id: serve-test, topic_prefix: ward7}\n"
                    + "cameras:\n"
                    + "  cam_a:\n"
                    + "    source: {url: \"" + SAMPLE.toAbsolutePath() + "\", loop: true}\n"
                    + "    detect: {width: 640, height: 480, fps: 5}\n";
            AppConfig app = ConfigLoader.parse(yaml, "test config", Map.of("HOOK_SECRET", "serve-test-secret"));
            try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
                Await.until(WAIT, "the online state by webhook", () -> hooks.stream().anyMatch(h ->
                        h.getString("event").equals("camera_state")
                                && h.getJsonObject("data").getString("state").equals("online")), () -> hooks);
                assertEquals(0, badSignatures.get());

                // The camera's state is retained: a subscriber that comes now still gets it.
                List<String> states = new CopyOnWriteArrayList<>();
                MqttClient subscriber = new MqttClient(broker.url(), "serve-test-sub", new MemoryPersistence());
                subscriber.connect(new MqttConnectOptions());
                subscriber.subscribe("ward7/cam_a/state", 1, (topic, m) -> states.add(
                        new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)).getString("state")));
                Await.until(WAIT, "the retained state", () -> states.contains("online"), () -> states);
                subscriber.disconnect();
                subscriber.close();

                // SSE replays what it kept since the start (Last-Event-ID 0: everything).
                HttpResponse<Stream<String>> sse = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + running.apiPort() + "/api/v1/events?types=camera_state")).header("Last-Event-ID", "0")
                        .header("Authorization", TestUsers.bearer(new TestUsers(running.users()).token(Role.IOC)))
                        .build(), HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, sse.statusCode());
                assertTrue(sse.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
                try (Stream<String> lines = sse.body()) {
                    String online = lines.filter(l -> l.startsWith("data: ") && l.contains("\"online\""))
                            .findFirst().orElseThrow();
                    assertEquals("cam_a", new JsonObject(online.substring(6)).getString("camera"));
                }
            }
        } finally {
            receiver.stop(0);
        }
    }
}
