package vn.wardwatch.app;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.push.EmbeddedBroker;
import vn.wardwatch.push.Push;
import vn.wardwatch.push.WebhookSignature;
import vn.wardwatch.storage.jdbc.Database;

/**
 * Push latency: warnings published on the event bus (stamped {@code frameAt} = now) until (a) a local webhook
 * receiver has them and (b) an MQTT subscriber on a local Moquette broker has them, through the real outbox
 * (H2 file) and the real MQTT publisher.
 */
@Command(name = "bench-push", mixinStandardHelpOptions = true,
        description = "Measure push latency: event bus -> webhook receiver and -> MQTT subscriber (local broker).")
public final class BenchPushCommand implements Callable<Integer> {

    private static final String SECRET = "bench-only-secret";

    @Option(names = "--messages", defaultValue = "200", description = "warnings to measure (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--rate", defaultValue = "20", description = "warnings per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--zones", defaultValue = "4", description = "zones they spread over (default: ${DEFAULT-VALUE})")
    int zones;

    @Option(names = "--live", defaultValue = "0", paramLabel = "SECONDS",
            description = "instead: run the whole system on --config for SECONDS and measure its own warnings and level"
                    + " changes from the frame that made them to the receiver and the MQTT subscriber")
    int liveSeconds;

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "config for --live (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (liveSeconds > 0) {
            return LivePushLatency.run(config, liveSeconds);
        }
        Path dir = Files.createTempDirectory("wardwatch-bench-push");
        Map<String, Long> published = new ConcurrentHashMap<>();
        Map<String, Long> hooked = new ConcurrentHashMap<>();
        Map<String, Long> mqtt = new ConcurrentHashMap<>();
        AtomicInteger badSignatures = new AtomicInteger();

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            if (!WebhookSignature.verify(SECRET, exchange.getRequestHeaders().getFirst("X-WardWatch-Timestamp"),
                    body, exchange.getRequestHeaders().getFirst("X-WardWatch-Signature"))) {
                badSignatures.incrementAndGet();
            }
            hooked.putIfAbsent(new JsonObject(body).getJsonObject("data").getString("id"), now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        MqttClient subscriber = new MqttClient(broker.url(), "bench-subscriber", new MemoryPersistence());
        subscriber.connect(new MqttConnectOptions());
        subscriber.subscribe("bench/+/+/warning", 1, (topic, message) -> mqtt.putIfAbsent(
                new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8)).getString("id"),
                System.nanoTime()));

        Vertx vertx = Vertx.vertx();
        Database database = Database.open(dir.resolve("bench"));
        PushConfig config = new PushConfig(List.of(new PushConfig.Webhook("bench", "http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook", SECRET, Set.of("warning"), Duration.ofSeconds(5))),
                new PushConfig.Mqtt(broker.url(), "wardwatch-bench", "bench", null, null, 10_000),
                Duration.ofSeconds(1), Duration.ofMinutes(5), 7);
        Push push = Push.start(vertx, config, database, new SimpleMeterRegistry(), Clock.systemUTC());
        try {
            // Warm-up: connections open, JIT warm; not measured.
            for (int i = 0; i < 20; i++) {
                send(vertx, "warmup-" + i, i % zones, published);
            }
            waitFor(hooked, mqtt, "warmup-19", Duration.ofSeconds(30));
            long periodNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long due = start + i * periodNanos;
                while (System.nanoTime() < due) {
                    Thread.sleep(0, 200_000); // pacing the load, not waiting for a result
                }
                send(vertx, "m-" + i, i % zones, published);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (count(hooked) < messages || count(mqtt) < messages)) {
                Thread.sleep(20);
            }
            System.out.printf("bench-push: %d warnings at %.0f/s over %d zones (H2 outbox, local receiver, "
                    + "local Moquette)%n", messages, rate, zones);
            report("webhook", published, hooked);
            report("mqtt", published, mqtt);
            System.out.println("bad signatures: " + badSignatures.get());
            return count(hooked) == messages && count(mqtt) == messages ? 0 : 1;
        } finally {
            push.close();
            vertx.close().await(5, TimeUnit.SECONDS);
            database.close();
            subscriber.disconnect();
            subscriber.close();
            broker.close();
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdown();
            PathUtils.deleteDirectory(dir);
        }
    }

    private void send(Vertx vertx, String id, int zone, Map<String, Long> published) {
        String now = Instant.now().toString();
        JsonObject w = new JsonObject().put("id", id).put("camera", "bench").put("zone", "z" + zone)
                .put("kind", "congestion").put("state", "raised").put("level", "congested").put("at", now)
                .put("raisedAt", now).putNull("clearedAt").put("frameAt", now)
                .put("metrics", new JsonObject().put("occupancy", 0.9)).putNull("snapshot");
        published.put(id, System.nanoTime());
        vertx.eventBus().publish(EventBusPublisher.WARNINGS, w);
    }

    private static void waitFor(Map<String, Long> a, Map<String, Long> b, String id, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(a.containsKey(id) && b.containsKey(id))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("warm-up message " + id + " did not arrive in " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static long count(Map<String, Long> received) {
        return received.keySet().stream().filter(k -> k.startsWith("m-")).count();
    }

    private void report(String channel, Map<String, Long> published, Map<String, Long> received) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            Long at = received.get("m-" + i);
            if (at != null) {
                ms.add((at - published.get("m-" + i)) / 1e6);
            }
        }
        ms.sort(Double::compare);
        if (ms.isEmpty()) {
            System.out.printf("%-8s nothing received%n", channel);
            return;
        }
        System.out.printf("%-8s received %d/%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n", channel,
                ms.size(), messages, Percentiles.of(ms, 50), Percentiles.of(ms, 95), Percentiles.of(ms, 99),
                ms.get(ms.size() - 1));
    }
}
