package vn.wardwatch.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.metrics.Meters;

/**
 * Publishes warnings, levels, violations and camera states to an MQTT broker with Eclipse Paho, QoS 1.
 *
 * <p>Topics: {@code <prefix>/<camera>/<zone>/warning}, {@code <prefix>/<camera>/<zone>/level} (retained: a late
 * subscriber gets each zone's current level), {@code <prefix>/<camera>/violation}, {@code <prefix>/<camera>/state}
 * (retained). While the broker is unreachable, messages wait in a bounded in-memory queue
 * ({@code push.mqtt.offline_queue}, oldest dropped and counted beyond it) and go out, in order, after the
 * reconnect; Paho reconnects by itself once connected, and a first connection that fails is retried here.
 * Messages sent but not yet acknowledged when the connection drops are resent by Paho (persistent session).
 * The queue is lost when the process stops: MQTT is the live channel, the webhook outbox the durable one.
 */
public final class MqttPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);
    private static final Duration MAX_RECONNECT = Duration.ofSeconds(30);

    private final PushConfig.Mqtt config;
    private final MqttAsyncClient client;
    private final MeterRegistry metrics;
    private final Clock clock;
    /** All queue and client calls run on this one thread, in order. */
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "push-mqtt");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private volatile boolean closed;
    private Duration connectDelay = Duration.ofSeconds(1);

    private record Outgoing(String topic, byte[] payload, boolean retained, PushMessage message) {
    }

    public MqttPublisher(PushConfig.Mqtt config, MeterRegistry metrics, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        try {
            this.client = new MqttAsyncClient(config.url(), config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("push.mqtt.url: cannot create an MQTT client for " + config.url()
                    + ": " + e.getMessage(), e);
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                LOG.info("MQTT {} to {}", reconnect ? "reconnected" : "connected", serverURI);
                if (!closed) {
                    worker.execute(MqttPublisher.this::drain);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("MQTT connection to {} lost ({}); reconnecting, {} message(s) queued meanwhile at most",
                        config.url(), cause == null ? "closed" : cause.getMessage(), config.offlineQueue());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // publish only
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // counted by each publish's own listener
            }
        });
    }

    /** Connects in the background; publishing may start at once (messages queue until connected). */
    public void start() {
        worker.execute(this::connect);
    }

    private void connect() {
        if (closed || client.isConnected()) {
            return;
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) MAX_RECONNECT.toMillis());
        // A persistent session: QoS 1 messages in flight when the connection drops are resent after it.
        options.setCleanSession(false);
        options.setMaxInflight(1000);
        options.setConnectionTimeout(10);
        if (config.username() != null) {
            options.setUserName(config.username());
        }
        if (config.password() != null) {
            options.setPassword(config.password().toCharArray());
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connectDelay = Duration.ofSeconds(1);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryConnect(e);
                }
            });
        } catch (MqttException e) {
            retryConnect(e);
        }
    }

    /** Paho reconnects by itself only after a first success; until then this retries with doubling delays. */
    private void retryConnect(Throwable e) {
        if (closed) {
            return;
        }
        LOG.warn("MQTT: cannot connect to {} ({}); next try in {} s", config.url(),
                e == null ? "?" : e.getMessage(), connectDelay.toSeconds());
        worker.schedule(this::connect, connectDelay.toMillis(), TimeUnit.MILLISECONDS);
        connectDelay = connectDelay.multipliedBy(2).compareTo(MAX_RECONNECT) > 0 ? MAX_RECONNECT
                : connectDelay.multipliedBy(2);
    }

    /** Queues {@code m} for its topic; safe from any thread, never blocks. Counts are not published. */
    public void publish(PushMessage m) {
        String zone = m.zone() == null ? "_" : topicPart(m.zone());
        String base = config.topicPrefix() + "/" + topicPart(m.camera()) + "/";
        Outgoing out = switch (m.type()) {
            case PushEvents.WARNING -> new Outgoing(base + zone + "/warning", bytes(m), false, m);
            case PushEvents.LEVEL -> new Outgoing(base + zone + "/level", bytes(m), true, m);
            case PushEvents.VIOLATION -> new Outgoing(base + "violation", bytes(m), false, m);
            case PushEvents.CAMERA_STATE -> new Outgoing(base + "state", bytes(m), true, m);
            default -> null;
        };
        if (out == null || closed) {
            return;
        }
        try {
            worker.execute(() -> {
                if (queue.size() >= config.offlineQueue()) {
                    queue.pollFirst();
                    Counter.builder(Meters.PUSH_FAILED).tag("channel", "mqtt").tag("target", "mqtt")
                            .tag("result", "dropped").register(metrics).increment();
                }
                queue.addLast(out);
                drain();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the message goes the way of the in-memory queue
        }
    }

    /** Hands queued messages to Paho while connected, oldest first. */
    private void drain() {
        while (!queue.isEmpty() && client.isConnected()) {
            Outgoing out = queue.peekFirst();
            MqttMessage message = new MqttMessage(out.payload());
            message.setQos(1);
            message.setRetained(out.retained());
            try {
                client.publish(out.topic(), message, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        delivered(out.message());
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        Counter.builder(Meters.PUSH_FAILED).tag("channel", "mqtt").tag("target", "mqtt")
                                .tag("result", "retry").register(metrics).increment();
                    }
                });
                queue.pollFirst();
            } catch (MqttException e) {
                // Not connected any more, or too many in flight: keep it queued, try again on reconnect.
                if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                    worker.schedule(this::drain, 50, TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
    }

    private void delivered(PushMessage m) {
        Counter.builder(Meters.PUSH_DELIVERED).tag("channel", "mqtt").tag("target", "mqtt").register(metrics)
                .increment();
        if (m.eventAt() != null) {
            WebhookDispatcher.latency(metrics, "mqtt").record(Duration.between(m.eventAt(), clock.instant()));
        }
    }

    /** Messages waiting for the broker. */
    public int queued() {
        try {
            return worker.submit(queue::size).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private static byte[] bytes(PushMessage m) {
        return m.data().encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Ids are a-z0-9_-; anything that would change the topic's structure is replaced anyway. */
    private static String topicPart(String s) {
        return s.replace('/', '_').replace('+', '_').replace('#', '_');
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.getMessage());
        }
    }
}
