package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import vn.wardwatch.analytics.traffic.ZoneState;
import vn.wardwatch.analytics.traffic.ZoneTraffic;

/**
 * {@code /api/v1/ioc}: current counts and levels per camera and zone for the operations centre, polled often. The
 * JSON is built once a second by a timer, not by requests, and served as the same bytes to every poller; the ETag is
 * a hash of the content (without its build time), so an unchanged state answers 304 to a conditional request.
 */
final class IocHandler {

    static final long REBUILD_MILLIS = 1000;

    private final IocSource source;
    private final Clock clock;
    // Swapped whole by the timer, read by requests: a volatile reference, no lock.
    private volatile Cached cached;

    private record Cached(Buffer body, String etag) {
    }

    private final CameraScope scope;

    IocHandler(Vertx vertx, IocSource source, Clock clock, CameraScope scope) {
        this.source = source;
        this.clock = clock;
        this.scope = scope;
        rebuild();
        vertx.setPeriodic(REBUILD_MILLIS, id -> rebuild());
    }

    void handle(RoutingContext ctx) {
        Cached c = cached;
        var response = ctx.response().putHeader("ETag", c.etag())
                .putHeader("Cache-Control", ScopedSnapshot.CACHE_CONTROL);
        if (c.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", "application/json").end(ScopedSnapshot.forUser(ctx, scope, c.body()));
    }

    void rebuild() {
        JsonArray cameras = new JsonArray();
        for (IocSource.Camera camera : source.cameras()) {
            JsonArray zones = new JsonArray();
            for (ZoneState z : camera.zones()) {
                ZoneTraffic t = z.traffic();
                JsonObject flow = new JsonObject();
                t.flowPerMinute().forEach((k, v) -> flow.put(k.wireName(), v));
                JsonObject present = new JsonObject();
                t.byClass().forEach((k, v) -> present.put(k.wireName(), v));
                zones.add(new JsonObject().put("id", z.zoneId()).put("level", z.level().wireName())
                        .put("levelSince", z.levelSince() == null ? null : z.levelSince().toString())
                        .put("vehicles", t.occupancy()).put("people", t.people()).put("byClass", present)
                        .put("flowPerMinute", t.flowTotal()).put("flowByClass", flow)
                        .put("speedPx", round(t.speedPx())).put("speedKmh", round(t.speedKmh()))
                        .put("queueVehicles", t.queueVehicles()).put("stationaryShare", round(t.stationaryShare()))
                        .put("activeWarnings", z.activeWarnings())
                        .put("lastMinute", z.lastMinute() == null ? null : new JsonObject(z.lastMinute().toMap())));
            }
            cameras.add(new JsonObject().put("id", camera.id()).put("state", camera.state()).put("zones", zones));
        }
        String content = cameras.encode();
        Cached old = cached;
        String etag = "\"" + sha256(content).substring(0, 16) + "\"";
        if (old == null || !old.etag().equals(etag)) {
            cached = new Cached(new JsonObject().put("generatedAt", clock.instant().toString()).put("cameras", cameras)
                    .toBuffer(), etag);
        }
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 10) / 10.0;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
