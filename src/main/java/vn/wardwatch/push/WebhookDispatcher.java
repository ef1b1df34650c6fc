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
    /** Keys that got a new row: checked with one indexed query each instead of a full scan. */
    private final java.util.Set<String> hints = ConcurrentHashMap.newKeySet();
    private long nextScanAt;
    /** Epoch millis when the earliest retry is due (a full scan then picks it up). */
    private final AtomicLong earliestRetryAt = new AtomicLong(0);
    /** The outbox is in the database several api nodes share: only the leading one delivers from it. */
    private volatile java.util.function.BooleanSupplier leading = () -> true;

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
            rows.forEach(r -> hints.add(key(r.targetId(), r.orderKey())));
            wake();
        }
        return rows.size();
    }

    /** Delivers only while {@code leading} says so; otherwise looks again every second (a takeover). */
    public void onlyWhile(java.util.function.BooleanSupplier leading) {
        this.leading = leading;
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
            long now = clock.millis();
            try {
                if (!leading.getAsBoolean()) {
                    hints.clear();
                    earliestRetryAt.set(Long.MAX_VALUE); // the full scan on taking over finds the retries
                    nextScanAt = now + IDLE_POLL_MILLIS;
                } else if (now >= nextScanAt || now >= earliestRetryAt.get()) {
                    // A full scan: rows another process wrote, retries that came due, anything a hint missed.
                    hints.clear();
                    // Retries recorded while the scan runs lower it again; those recorded before, it sees.
                    earliestRetryAt.set(Long.MAX_VALUE);
                    long wait = scan();
                    nextScanAt = now + IDLE_POLL_MILLIS;
                    earliestRetryAt.accumulateAndGet(now + wait, Math::min);
                } else {
                    for (String key : hints) {
                        hints.remove(key);
                        tryKey(key);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("webhook outbox: {}", e.getMessage());
                nextScanAt = clock.millis() + IDLE_POLL_MILLIS;
            }
            long waitMillis = Math.min(nextScanAt, earliestRetryAt.get()) - clock.millis();
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

    /** Sends every due head that is not already in flight; returns how long until the next one is due. */
    private long scan() {
        Instant now = clock.instant();
        long wait = IDLE_POLL_MILLIS;
        for (JdbcPushOutbox.Row row : outbox.heads(HEADS_PER_ROUND)) {
            long due = Duration.between(now, row.nextAttemptAt()).toMillis();
            if (due > 0 && !inFlight.containsKey(key(row))) {
                wait = Math.min(wait, due);
            }
            start(row, now);
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

    /** A new row was written for this key (or its chain ended): send its head if nothing of the key is in flight. */
    private void tryKey(String key) {
        if (inFlight.containsKey(key)) {
            return;
        }
        int split = key.indexOf('\u0000');
        JdbcPushOutbox.Row head = outbox.head(key.substring(0, split), key.substring(split + 1));
        if (head != null) {
            start(head, clock.instant());
        }
    }

    /** Starts sending {@code row} if it is due and its key is free. */
    private void start(JdbcPushOutbox.Row row, Instant now) {
        String key = key(row);
        if (row.nextAttemptAt().isAfter(now) || inFlight.containsKey(key)) {
            return;
        }
        PushConfig.Webhook target = targets.get(row.targetId());
        if (target == null) {
            // The target left the configuration: nothing can deliver it; recorded, not silently dropped.
            outbox.dead(row.id(), null, "webhook " + row.targetId() + " is no longer configured", now);
            return;
        }
        if (inFlight.putIfAbsent(key, row.id()) == null) {
            dispatch(key, row, target);
        }
    }

    private static String key(JdbcPushOutbox.Row row) {
        return key(row.targetId(), row.orderKey());
    }

    private static String key(String targetId, String orderKey) {
        return targetId + "\u0000" + orderKey;
    }

    /**
     * Sends {@code row}; when it is finished with (delivered or dead-lettered), the next row of its key follows at
     * once, without waiting for a full round: a burst on one zone drains at the receiver's pace.
     */
    private void dispatch(String key, JdbcPushOutbox.Row row, PushConfig.Webhook target) {
        java.util.concurrent.CompletableFuture<HttpResponse<Void>> sent;
        try {
            sent = send(row, target);
        } catch (RuntimeException e) {
            // Recorded as a failed attempt like any other, so that the key is not left marked in flight.
            sent = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        sent.whenCompleteAsync((response, error) -> {
            JdbcPushOutbox.Row next = null;
            try {
                boolean finished = record(row, target, response, error);
                if (finished && running) {
                    next = outbox.head(row.targetId(), row.orderKey());
                    if (next != null && next.nextAttemptAt().isAfter(clock.instant())) {
                        next = null;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("webhook {}: cannot record the result of row {}: {}", target.id(), row.id(),
                        e.getMessage());
            }
            if (next != null) {
                inFlight.put(key, next.id());
                dispatch(key, next, target);
            } else {
                inFlight.remove(key);
                // A row written while the last one was on its way would otherwise wait for the next full scan.
                hints.add(key);
                wake();
            }
        }, results);
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

    /** Stores the outcome; true when the row is finished with (delivered or dead), false when it waits to retry. */
    private boolean record(JdbcPushOutbox.Row row, PushConfig.Webhook target, HttpResponse<Void> response,
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
            pending.decrementAndGet();
            return true;
        }
        String reason = status != null ? "HTTP " + status : describe(error);
        if (status != null && status >= 400 && status < 500 && status != 408 && status != 429) {
            // The receiver refuses this message itself; retrying would block its key forever.
            LOG.warn("webhook {}: {} refused message {} ({}) with {}; dead-lettered", target.id(), target.url(),
                    row.messageId(), row.eventType(), reason);
            outbox.dead(row.id(), status, reason, now);
            failed(target, "dead");
            pending.decrementAndGet();
            return true;
        }
        Duration delay = retry.after(attempts);
        // A receiver that says when to come back (429, 503) is not asked sooner; never beyond the longest delay.
        Duration asked = response == null ? null : retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        if (asked != null && asked.compareTo(delay) > 0) {
            delay = asked.compareTo(retry.max()) > 0 ? retry.max() : asked;
        }
        LOG.debug("webhook {}: attempt {} of message {} failed ({}); next in {} ms", target.id(), attempts,
                row.messageId(), reason, delay.toMillis());
        if (attempts == 1 || attempts % 10 == 0) {
            LOG.warn("webhook {}: {} failed ({}), attempt {}; retrying with backoff", target.id(), target.url(),
                    reason, attempts);
        }
        outbox.retryLater(row.id(), attempts, now.plus(delay), status, reason);
        earliestRetryAt.accumulateAndGet(now.plus(delay).toEpochMilli(), Math::min);
        failed(target, "retry");
        return false;
    }

    /** {@code Retry-After} in seconds; the HTTP-date form is ignored (the backoff applies). */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds > 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
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
