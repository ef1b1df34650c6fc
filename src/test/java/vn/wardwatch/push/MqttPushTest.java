package vn.wardwatch.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.wardwatch.push.PushEventsFixture.level;
import static vn.wardwatch.push.PushEventsFixture.warning;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.testsupport.Await;

/** MQTT push to a real embedded broker (Moquette): QoS 1, retained levels, a broker that is down and comes back. */
class MqttPushTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** A message as the broker received it. */
    record Arrived(String topic, String payload, boolean retained, int qos) {
    }

    @TempDir
    Path dir;
    private Vertx vertx;
    private Database database;
    private Push push;
    private EmbeddedBroker broker;
    private final List<Arrived> arrived = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        database = Database.open(dir.resolve("ww"));
    }

    @AfterEach
    void stop() throws Exception {
        if (push != null) {
            push.close();
        }
        if (broker != null) {
            broker.close();
        }
        database.close();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private EmbeddedBroker startBroker(int port) {
        EmbeddedBroker b = EmbeddedBroker.start(port);
        b.addInterceptHandler(new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "test-recorder";
            }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                arrived.add(new Arrived(msg.getTopicName(), msg.getPayload().toString(StandardCharsets.UTF_8),
                        msg.isRetainFlag(), msg.getQos().value()));
            }

            @Override
            public void onSessionLoopError(Throwable error) {
            }
        });
        return b;
    }

    private void startPush(String url) {
        PushConfig config = new PushConfig(List.of(), new PushConfig.Mqtt(url, "wardwatch-test", "ww", null, null,
                100), Duration.ofSeconds(1), Duration.ofMinutes(5), 7);
        push = Push.start(vertx, config, database, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private List<Integer> warningSeqs() {
        return arrived.stream().filter(a -> a.topic().endsWith("/warning"))
                .map(a -> new JsonObject(a.payload()).getJsonObject("metrics").getInteger("seq")).toList();
    }

    @Test
    void topicsQosAndRetainedLevelForALateSubscriber() throws Exception {
        broker = startBroker(0);
        startPush(broker.url());
        vertx.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate1", "north", 1));
        vertx.eventBus().publish(EventBusPublisher.LEVELS, level("gate1", "north", "slow", 2));
        vertx.eventBus().publish(EventBusPublisher.LEVELS, level("gate1", "north", "congested", 3));
        vertx.eventBus().publish(EventBusPublisher.CAMERA_STATE,
                new JsonObject().put("camera", "gate1").put("state", "online").putNull("detail"));
        vertx.eventBus().publish(EventBusPublisher.VIOLATIONS, new JsonObject().put("id", "v1").put("camera", "gate1")
                .put("type", "red_light").put("at", "2026-11-22T01:00:00Z").put("plate", "30A-339.18"));
        // Counts are not pushed over MQTT.
        vertx.eventBus().publish(EventBusPublisher.COUNTS, new JsonObject().put("camera", "gate1").put("line", "l"));
        Await.until(WAIT, "5 messages at the broker", () -> arrived.size() >= 5, () -> arrived);

        assertEquals(List.of("ww/gate1/north/warning", "ww/gate1/north/level", "ww/gate1/north/level",
                "ww/gate1/state", "ww/gate1/violation"), arrived.stream().map(Arrived::topic).toList());
        assertTrue(arrived.stream().allMatch(a -> a.qos() == 1), "QoS 1 throughout: " + arrived);
        assertEquals(List.of(false, true, true, true, false), arrived.stream().map(Arrived::retained).toList());

        // A subscriber that connects afterwards still learns the zone's current level.
        List<String> late = new CopyOnWriteArrayList<>();
        MqttClient subscriber = new MqttClient(broker.url(), "late-subscriber", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe("ww/+/+/level", 1, (topic, message) -> late.add(topic + " "
                + new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8)).getString("level")));
        Await.until(WAIT, "the retained level", () -> !late.isEmpty(), () -> late);
        // Published before this client existed, so it can only come from the broker's retained store (Moquette 0.17
        // does not set the RETAIN flag on such a delivery, so the flag itself is not checked here).
        assertEquals(List.of("ww/gate1/north/level congested"), late);
        subscriber.disconnect();
        subscriber.close();
    }

    @Test
    void messagesPublishedWhileTheBrokerIsDownArriveInOrderWhenItComesBack() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        startPush("tcp://127.0.0.1:" + port);
        // The broker is not there yet: the first connection fails and the messages wait.
        for (int seq = 0; seq < 5; seq++) {
            vertx.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate1", "north", seq));
        }
        broker = startBroker(port);
        Await.until(WAIT, "the 5 queued warnings", () -> warningSeqs().size() >= 5, this::warningSeqs);

        // The broker goes away after a connection: Paho reconnects by itself, the queue bridges the gap.
        broker.close();
        broker = null;
        for (int seq = 5; seq < 8; seq++) {
            vertx.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate1", "north", seq));
        }
        broker = startBroker(port);
        Await.until(WAIT, "all 8 warnings", () -> warningSeqs().size() >= 8, this::warningSeqs);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), warningSeqs().stream().distinct().toList(),
                "every warning, in order (QoS 1 may repeat one)");
    }
}
