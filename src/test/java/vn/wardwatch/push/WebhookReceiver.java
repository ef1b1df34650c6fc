package vn.wardwatch.push;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver for webhook tests: checks every signature, dedupes by Idempotency-Key like a well-behaved
 * operations centre, and keeps the first arrival order of messages per order key. It can answer a fixed status
 * (e.g. 503) or stop listening, and start again on the same port.
 */
final class WebhookReceiver implements AutoCloseable {

    private final String secret;
    private int port;
    private HttpServer server;
    volatile int answer = 200;
    /** Messages of this zone get 503 (a key whose head keeps failing). */
    volatile String failZone;
    /** The message with this data.metrics.seq gets 422 (refused for good). */
    volatile int refuseSeq = -1;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    /** Idempotency-Key -> body, first arrival only. */
    private final Map<String, JsonObject> unique = new LinkedHashMap<>();
    /** Per header-declared event key (camera/zone) the messages' data.seq in first-arrival order. */
    private final Map<String, List<Integer>> order = new LinkedHashMap<>();
    final List<Long> arrivalNanos = new ArrayList<>();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        listen(0);
    }

    void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
        server.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String ts = exchange.getRequestHeaders().getFirst("X-WardWatch-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-WardWatch-Signature");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            int status = answer;
            if (!WebhookSignature.verify(secret, ts, body, signature) || key == null) {
                badSignatures.incrementAndGet();
                status = 401;
            } else if (status == 200) {
                JsonObject data = new JsonObject(body).getJsonObject("data");
                if (data.getString("zone").equals(failZone)) {
                    status = 503;
                } else if (data.getJsonObject("metrics").getInteger("seq") == refuseSeq) {
                    status = 422;
                } else {
                    accept(key, new JsonObject(body));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    private synchronized void accept(String key, JsonObject body) {
        if (unique.containsKey(key)) {
            duplicates.incrementAndGet();
            return;
        }
        unique.put(key, body);
        arrivalNanos.add(System.nanoTime());
        JsonObject data = body.getJsonObject("data");
        String orderKey = data.getString("camera") + "/" + data.getString("zone");
        order.computeIfAbsent(orderKey, k -> new ArrayList<>()).add(data.getJsonObject("metrics").getInteger("seq"));
    }

    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    int port() {
        return port;
    }

    synchronized int uniqueCount() {
        return unique.size();
    }

    synchronized Map<String, JsonObject> unique() {
        return new LinkedHashMap<>(unique);
    }

    synchronized Map<String, List<Integer>> order() {
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        order.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
