package vn.wardwatch.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcPushOutbox;

/**
 * Push to the operations centre: subscribes to the event bus and hands warnings, levels, violations and camera
 * states to the webhook outbox and to MQTT (SSE is part of the API, {@link EventStream}). Nothing here runs on the
 * event loop: bus messages go to one writer thread, in arrival order, which stores them in the outbox.
 */
public final class Push implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Push.class);
    /** Messages waiting to be written to the outbox; beyond it the database is far behind and they are counted. */
    private static final int WRITE_QUEUE = 10_000;

    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private final ThreadPoolExecutor writer;
    private final WebhookDispatcher webhooks;
    private final MqttPublisher mqtt;
    private final MeterRegistry metrics;
    /** Every api node receives each published event: only the leading one pushes it. */
    private volatile java.util.function.BooleanSupplier leading = () -> true;

    private Push(WebhookDispatcher webhooks, MqttPublisher mqtt, MeterRegistry metrics) {
        this.webhooks = webhooks;
        this.mqtt = mqtt;
        this.metrics = metrics;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WRITE_QUEUE),
                r -> {
                    Thread t = new Thread(r, "push-outbox-writer");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Starts what {@code config} asks for (possibly nothing) and subscribes to the event bus. */
    public static Push start(Vertx vertx, PushConfig config, Database database, MeterRegistry metrics, Clock clock) {
        WebhookDispatcher webhooks = config.webhooks().isEmpty() ? null
                : new WebhookDispatcher(new JdbcPushOutbox(database), config, metrics, clock);
        MqttPublisher mqtt = config.mqtt() == null ? null : new MqttPublisher(config.mqtt(), metrics, clock);
        Push push = new Push(webhooks, mqtt, metrics);
        if (webhooks != null) {
            webhooks.start();
        }
        if (mqtt != null) {
            mqtt.start();
        }
        if (config.any()) {
            for (Map.Entry<String, String> e : PushEvents.ADDRESSES.entrySet()) {
                if (!e.getValue().equals(PushEvents.COUNT)) {
                    push.consumers.add(vertx.eventBus().<JsonObject>consumer(e.getKey(),
                            m -> push.accept(e.getValue(), m.body())));
                }
            }
            LOG.info("push: {} webhook(s){}", config.webhooks().size(),
                    config.mqtt() == null ? "" : ", MQTT " + config.mqtt().url());
        }
        return push;
    }

    /**
     * Pushes (MQTT, webhook outbox and its delivery) only while {@code leading} says so: in a cluster every api node
     * gets each event on the clustered bus, and the IOC must get it once. The webhook outbox is in the shared
     * database: a new leader delivers what the old one stored and did not deliver.
     */
    public void onlyWhile(java.util.function.BooleanSupplier leading) {
        this.leading = leading;
        if (webhooks != null) {
            webhooks.onlyWhile(leading);
        }
    }

    private void accept(String type, JsonObject data) {
        if (!leading.getAsBoolean()) {
            return;
        }
        PushMessage m;
        try {
            m = PushEvents.message(type, data);
        } catch (IllegalArgumentException e) {
            LOG.warn("push: {}", e.getMessage());
            return;
        }
        if (mqtt != null) {
            mqtt.publish(m);
        }
        if (webhooks != null) {
            try {
                writer.execute(() -> {
                    try {
                        webhooks.enqueue(m);
                    } catch (RuntimeException e) {
                        LOG.error("push: {} {} not stored for webhooks: {}", type, m.id(), e.getMessage());
                        dropped();
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.error("push: outbox writer {} behind; {} {} dropped", WRITE_QUEUE, type, m.id());
                dropped();
            }
        }
    }

    private void dropped() {
        Counter.builder(Meters.PUSH_FAILED).tag("channel", "webhook").tag("target", "outbox")
                .tag("result", "dropped").register(metrics).increment();
    }

    /** The webhook dispatcher, or null when no webhook is configured. */
    public WebhookDispatcher webhooks() {
        return webhooks;
    }

    /** Stops taking events, writes those already taken to the outbox, then stops delivering. */
    @Override
    public void close() {
        consumers.forEach(MessageConsumer::unregister);
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("push: outbox writer did not finish in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (webhooks != null) {
            webhooks.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
    }
}
