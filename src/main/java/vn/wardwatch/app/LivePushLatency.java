package vn.wardwatch.app;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.config.EvidenceConfig;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.config.StorageConfig;
import vn.wardwatch.push.EmbeddedBroker;

/**
 * Push latency end to end: the whole system ({@code serve} on a config, its cameras analysed live) pushes its warnings
 * and level changes to a local webhook receiver and a local MQTT broker; each message's latency is the time it is
 * received minus its {@code frameAt}, the wall time of the frame in which the zone passed its threshold (after its
 * minimum duration). Same JVM, same clock.
 */
final class LivePushLatency {

    private static final String SECRET = "bench-only-secret";

    private LivePushLatency() {
    }

    static int run(Path configFile, int seconds) throws Exception {
        AppConfig base = ConfigLoader.load(configFile);
        Path dir = Files.createTempDirectory("wardwatch-bench-push-live");
        List<Double> hookMillis = Collections.synchronizedList(new ArrayList<>());
        List<Double> mqttMillis = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        ExecutorService receiverThreads = Executors.newFixedThreadPool(2);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hook", exchange -> {
            Instant now = Instant.now();
            JsonObject body = new JsonObject(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            hookMillis.add(millisSinceFrame(body.getJsonObject("data"), now));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        MqttClient subscriber = new MqttClient(broker.url(), "bench-live-subscriber", new MemoryPersistence());
        subscriber.connect(new MqttConnectOptions());
        IMqttMessageListener timing = (topic, message) -> {
            Instant now = Instant.now();
            if (!message.isRetained()) {
                mqttMillis.add(millisSinceFrame(new JsonObject(new String(message.getPayload(),
                        StandardCharsets.UTF_8)), now));
            }
        };
        subscriber.subscribe("live/+/+/warning", 1, timing);
        subscriber.subscribe("live/+/+/level", 1, timing);
        PushConfig push = new PushConfig(List.of(new PushConfig.Webhook("live", "http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook", SECRET, Set.of("warning", "level"),
                Duration.ofSeconds(5))), new PushConfig.Mqtt(broker.url(), "wardwatch-live", "live", null, null, 10_000),
                Duration.ofSeconds(1), Duration.ofMinutes(5), 7);
        AppConfig app = new AppConfig(new ApiConfig("127.0.0.1", 0), new StorageConfig(dir),
                base.detector(), new EvidenceConfig(dir.resolve("evidence"), dir.resolve("keys/k.key"),
                dir.resolve("keys/k.pub"), base.evidence().ffmpeg()), base.cameras(), push);
        try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
            System.out.printf("bench-push --live: %s for %d s: warnings and level changes, frame -> received%n",
                    configFile, seconds);
            Thread.sleep(seconds * 1000L);
        } finally {
            subscriber.disconnect();
            subscriber.close();
            broker.close();
            receiver.stop(0);
            receiverThreads.shutdown();
            PathUtils.deleteDirectory(dir);
        }
        report("webhook", hookMillis);
        report("mqtt", mqttMillis);
        return hookMillis.isEmpty() ? 1 : 0;
    }

    private static double millisSinceFrame(JsonObject message, Instant received) {
        return Duration.between(Instant.parse(message.getString("frameAt")), received).toNanos() / 1e6;
    }

    private static void report(String channel, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(Double::compare);
        if (sorted.isEmpty()) {
            System.out.printf("%-8s nothing received (no warning or level change in the window)%n", channel);
            return;
        }
        double p95 = Percentiles.of(sorted, 95);
        System.out.printf("%-8s %d messages  p50 %.0f ms  p95 %.0f ms  max %.0f ms  (target p95 < 1000 ms: %s)%n",
                channel, sorted.size(), Percentiles.of(sorted, 50), p95, sorted.get(sorted.size() - 1),
                p95 < 1000 ? "PASS" : "FAIL");
    }
}
