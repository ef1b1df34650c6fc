package vn.wardwatch.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.storage.jdbc.JdbcPushOutbox;

/**
 * Delivers the webhook outbox. {@link #enqueue} stores a message (one row per interested target) before anything is
 * sent; the dispatcher thread then sends the head of every (target, order key) whose time has come, several at once
 * (asynchronous HTTP), never two of one key: a failing head holds back its own key only. Everything pending in the
 * database is picked up, so a new dispatcher over the same database continues where a stopped one left off
 * (at least once: a row sent but not yet marked is sent again; receivers dedupe by {@code Idempotency-Key}).
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Also catches rows another process wrote; new rows written here wake the thread at once. */
    private static final long IDLE_POLL_MILLIS = 1000;
    private static final int HEADS_PER_ROUND = 500;

    private final JdbcPushOutbox outbox;
    private final Map<String, PushConfig.Webhook> targets = new LinkedHashMap<>();
    private final RetryDelay retry;
    private final Duration keep;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final HttpClient http;
    /** Records results off the HTTP client's threads; the database calls are short. */
    private final ExecutorService results = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "push-webhook-results");
        t.setDaemon(true);
        return t;
    });
    /** (target, order key) -> row id being sent. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;
    private Instant lastPrune = Instant.EPOCH;

    public WebhookDispatcher(JdbcPushOutbox outbox, PushConfig config, MeterRegistry metrics, Clock clock) {
        this.outbox = outbox;
        config.webhooks().forEach(w -> targets.put(w.id(), w));
        this.retry = new RetryDelay(config.retryInitial(), config.retryMax());
        this.keep = Duration.ofDays(config.keepDays());
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        metrics.gauge(Meters.PUSH_OUTBOX_PENDING, pending);
    }

    /**
     * Stores {@code m} for every target that wants its type; returns how many rows were written. Blocks on the
     * database: call it from a worker thread, in event order (order per key is the order of these calls).
     */
    public int enqueue(PushMessage m) {
        List<JdbcPushOutbox.NewRow> rows = new ArrayList<>();
        String body = null;
        for (PushConfig.Webhook w : targets.values()) {
            if (w.events().contains(m.type())) {
                body = body == null ? m.webhookBody().encode() : body;
                rows.add(new JdbcPushOutbox.NewRow(w.id(), m.id(), m.type(), m.orderKey(), body, m.eventAt()));
            }
        }
        if (!rows.isEmpty()) {
            outbox.add(rows, clock.instant());
            pending.addAndGet(rows.size());
            wake();
        }
        return rows.size();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "push-webhooks");
        thread.setDaemon(true);
        thread.start();
    }

    /** Rows waiting for delivery, as last counted. */
    public long pending() {
        return pending.get();
    }

    private void loop() {
        while (running) {
            long waitMillis = IDLE_POLL_MILLIS;
            try {
                waitMillis = round();
            } catch (RuntimeException e) {
                LOG.warn("webhook outbox: {}", e.getMessage());
            }
            synchronized (signal) {
                if (!woken && running && waitMillis > 0) {
                    try {
                        signal.wait(waitMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** Sends every due head that is not already in flight; returns how long to sleep before the next round. */
    private long round() {
        Instant now = clock.instant();
        long wait = IDLE_POLL_MILLIS;
        for (JdbcPushOutbox.Row row : outbox.heads(HEADS_PER_ROUND)) {
            String key = row.targetId() + "\u0000" + row.orderKey();
            if (inFlight.containsKey(key)) {
                continue;
            }
            long due = Duration.between(now, row.nextAttemptAt()).toMillis();
            if (due > 0) {
                wait = Math.min(wait, due);
                continue;
            }
            PushConfig.Webhook target = targets.get(row.targetId());
            if (target == null) {
                // The target left the configuration: nothing can deliver it; recorded, not silently dropped.
                outbox.dead(row.id(), null, "webhook " + row.targetId() + " is no longer configured", now);
                continue;
            }
            inFlight.put(key, row.id());
            send(row, target).whenCompleteAsync((response, error) -> {
                try {
                    record(row, target, response, error);
                } catch (RuntimeException e) {
                    LOG.warn("webhook {}: cannot record the result of row {}: {}", target.id(), row.id(),
                            e.getMessage());
                } finally {
                    inFlight.remove(key);
                    wake();
                }
            }, results);
        }
        pending.set(outbox.pendingCount());
        if (Duration.between(lastPrune, now).toHours() >= 1) {
            lastPrune = now;
            int pruned = outbox.prune(now.minus(keep));
            if (pruned > 0) {
                LOG.info("webhook outbox: pruned {} finished row(s) older than {} days", pruned, keep.toDays());
            }
        }
        return wait;
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<Void>> send(JdbcPushOutbox.Row row,
                                                                          PushConfig.Webhook target) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url())).timeout(target.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "WardWatch-Webhook/1")
                .header("Idempotency-Key", row.messageId())
                .header("X-WardWatch-Event", row.eventType())
                .header("X-WardWatch-Timestamp", timestamp)
                .header("X-WardWatch-Signature", WebhookSignature.sign(target.secret(), timestamp, row.body()))
                .POST(HttpRequest.BodyPublishers.ofString(row.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }

    private void record(JdbcPushOutbox.Row row, PushConfig.Webhook target, HttpResponse<Void> response,
                        Throwable error) {
        Instant now = clock.instant();
        int attempts = row.attempts() + 1;
        Integer status = response == null ? null : response.statusCode();
        if (status != null && status >= 200 && status < 300) {
            outbox.delivered(row.id(), status, now);
            Counter.builder(Meters.PUSH_DELIVERED).tag("channel", "webhook").tag("target", target.id())
                    .register(metrics).increment();
            if (row.eventAt() != null) {
                latency(metrics, "webhook").record(Duration.between(row.eventAt(), now));
            }
            return;
        }
        String reason = status != null ? "HTTP " + status : describe(error);
        if (status != null && status >= 400 && status < 500 && status != 408 && status != 429) {
            // The receiver refuses this message itself; retrying would block its key forever.
            LOG.warn("webhook {}: {} refused message {} ({}) with {}; dead-lettered", target.id(), target.url(),
                    row.messageId(), row.eventType(), reason);
            outbox.dead(row.id(), status, reason, now);
            failed(target, "dead");
            return;
        }
        Duration delay = retry.after(attempts);
        LOG.debug("webhook {}: attempt {} of message {} failed ({}); next in {} ms", target.id(), attempts,
                row.messageId(), reason, delay.toMillis());
        if (attempts == 1 || attempts % 10 == 0) {
            LOG.warn("webhook {}: {} failed ({}), attempt {}; retrying with backoff", target.id(), target.url(),
                    reason, attempts);
        }
        outbox.retryLater(row.id(), attempts, now.plus(delay), status, reason);
        failed(target, "retry");
    }

    private void failed(PushConfig.Webhook target, String result) {
        Counter.builder(Meters.PUSH_FAILED).tag("channel", "webhook").tag("target", target.id())
                .tag("result", result).register(metrics).increment();
    }

    static Timer latency(MeterRegistry metrics, String channel) {
        return Timer.builder(Meters.PUSH_LATENCY).tag("channel", channel).publishPercentileHistogram()
                .register(metrics);
    }

    private static String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e == null ? "no response" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops sending; requests in flight get a few seconds to finish and be recorded (else they are sent again). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        wake();
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            synchronized (signal) {
                try {
                    signal.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        results.shutdown();
        try {
            results.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
