package vn.wardwatch.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.api.ApiException;
import vn.wardwatch.metrics.Meters;

/**
 * {@code GET /api/v1/events}: Server-Sent Events from the event bus.
 *
 * <p>Every event gets the next id of one sequence that starts at the server's start time in microseconds, so ids
 * grow across restarts too; the last {@code replay} events are kept, and a client that reconnects with
 * {@code Last-Event-ID} first gets those it missed (those still kept; counts are never replayed). {@code ?types=} picks event types (default:
 * warning, level, violation, camera_state; {@code count} only when asked). A comment every heartbeat keeps proxies
 * from closing an idle stream. A client whose unsent data exceeds {@code clientBuffer} bytes is disconnected, so a
 * slow reader never holds memory or slows the others; it may reconnect with its last id.
 */
public final class EventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    public static final Set<String> DEFAULT_TYPES = Set.of(PushEvents.WARNING, PushEvents.LEVEL,
            PushEvents.VIOLATION, PushEvents.CAMERA_STATE);

    /** @param replay events kept for Last-Event-ID; @param clientBuffer bytes a client may lag behind */
    public record Settings(int replay, long heartbeatMillis, int clientBuffer) {
        public static final Settings DEFAULT = new Settings(1000, 15_000, 256 * 1024);
    }

    /** @param camera the event's camera, null when it has none */
    private record Event(long id, String type, String camera, String frame) {
    }

    private final class Client {
        final HttpServerResponse response;
        final Set<String> types;
        /** The cameras this client's user sees (issue 8). */
        final Predicate<String> cameras;

        Client(HttpServerResponse response, Set<String> types, Predicate<String> cameras) {
            this.response = response;
            this.types = types;
            this.cameras = cameras;
        }

        boolean wants(Event e) {
            return types.contains(e.type()) && (e.camera() == null || cameras.test(e.camera()));
        }

        /** Writes unless the client is too far behind; then drops it. */
        void write(String text) {
            if (response.closed() || response.ended()) {
                remove(this);
                return;
            }
            if (response.writeQueueFull()) {
                LOG.info("SSE client {} too slow ({} bytes unsent); disconnected", response.toString(),
                        settings.clientBuffer());
                remove(this);
                response.reset();
                return;
            }
            response.write(text);
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Event> buffer = new ArrayDeque<>();
    private final AtomicInteger clientCount = new AtomicInteger();
    private final long timer;
    private long lastId;

    public EventStream(Vertx vertx, Settings settings, MeterRegistry metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.lastId = System.currentTimeMillis() * 1000;
        for (Map.Entry<String, String> e : PushEvents.ADDRESSES.entrySet()) {
            consumers.add(vertx.eventBus().<JsonObject>consumer(e.getKey(), m -> {
                if (m.body() != null) {
                    publish(e.getValue(), m.body());
                }
            }));
        }
        timer = vertx.setPeriodic(settings.heartbeatMillis(), id -> clients.forEach(c -> c.write(": keep-alive\n\n")));
        if (metrics != null) {
            metrics.gauge(Meters.PUSH_SSE_CLIENTS, clientCount);
        }
    }

    /** Assigns the next id, keeps the event for replay and sends it to every client that wants its type. */
    synchronized void publish(String type, JsonObject data) {
        long id = ++lastId;
        Event event = new Event(id, type, data.getValue("camera") instanceof String camera ? camera : null,
                "id: " + id + "\nevent: " + type + "\ndata: " + data.encode() + "\n\n");
        // Counts are live only: kept for replay, a busy road's crossings would push the warnings out of the buffer.
        if (!type.equals(PushEvents.COUNT)) {
            buffer.addLast(event);
            if (buffer.size() > settings.replay()) {
                buffer.removeFirst();
            }
        }
        for (Client c : clients) {
            if (c.wants(event)) {
                c.write(event.frame());
            }
        }
    }

    /** The route handler for a client that sees every camera and violations with their plates. */
    public void handle(RoutingContext ctx) {
        handle(ctx, camera -> true, true);
    }

    /**
     * The route handler for a logged-in user (issue 8).
     *
     * @param cameras    the cameras whose events the user may get
     * @param violations false for users without the plate right: violation events carry the plate, so they get none
     */
    public void handle(RoutingContext ctx, Predicate<String> cameras, boolean violations) {
        Set<String> types = types(ctx.request().getParam("types"));
        if (!violations && types.contains(PushEvents.VIOLATION)) {
            types = new LinkedHashSet<>(types);
            types.remove(PushEvents.VIOLATION);
        }
        long after = lastEventId(ctx.request().getHeader("Last-Event-ID"));
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Compression would hold events back in the deflater.
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
                .putHeader("X-Accel-Buffering", "no");
        response.setWriteQueueMaxSize(settings.clientBuffer());
        Client client = new Client(response, types, cameras);
        response.closeHandler(v -> remove(client));
        // Headers and a retry hint go out at once, so the client knows the stream is open.
        response.write("retry: 3000\n: connected\n\n");
        synchronized (this) {
            if (after >= 0) {
                for (Event e : buffer) {
                    if (e.id() > after && client.wants(e)) {
                        client.write(e.frame());
                    }
                }
            }
            clients.add(client);
            clientCount.set(clients.size());
        }
    }

    private void remove(Client c) {
        if (clients.remove(c)) {
            clientCount.set(clients.size());
        }
    }

    private static Set<String> types(String param) {
        if (param == null || param.isBlank()) {
            return DEFAULT_TYPES;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : param.split(",")) {
            String type = t.strip();
            if (!PushEvents.ADDRESSES.containsValue(type)) {
                throw ApiException.badRequest("types: unknown event type \"" + type
                        + "\" (expected warning, level, violation, camera_state or count)");
            }
            types.add(type);
        }
        return types;
    }

    /** -1 when absent (no replay); a malformed id is refused rather than silently replaying nothing. */
    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Last-Event-ID: expected an event id from this stream, got \""
                    + (header.length() > 40 ? header.substring(0, 40) + "..." : header) + "\"");
        }
    }

    /** Unsubscribes and ends every stream. */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
        consumers.forEach(MessageConsumer::unregister);
        for (Client c : clients) {
            if (!c.response.ended() && !c.response.closed()) {
                c.response.end();
            }
        }
        clients.clear();
        clientCount.set(0);
    }
}
