package vn.wardwatch.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * {@code /api/v1/live}: the dashboard snapshot. Built at most once per second and shared by every poller, so
 * that many dashboards cost one JSON encoding; the ETag is a hash of the content, so an unchanged snapshot is a 304.
 */
final class LiveHandler {

    private static final long REBUILD_MILLIS = 1000;

    private final CameraStatusSource cameras;
    private final Clock clock;
    private Buffer body;
    private String etag;
    private boolean built;
    private long builtAtMillis;

    private final CameraScope scope;

    LiveHandler(CameraStatusSource cameras, Clock clock, CameraScope scope) {
        this.cameras = cameras;
        this.clock = clock;
        this.scope = scope;
    }

    // Runs on the event loop only, so the cache needs no lock.
    void handle(RoutingContext ctx) {
        long now = clock.millis();
        if (!built || now - builtAtMillis >= REBUILD_MILLIS) {
            rebuild(now);
        }
        ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", ScopedSnapshot.CACHE_CONTROL);
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(ScopedSnapshot.forUser(ctx, scope, body));
    }

    private void rebuild(long now) {
        JsonArray list = new JsonArray();
        for (CameraStatus c : cameras.cameras()) {
            list.add(new JsonObject().put("id", c.id()).put("state", c.state())
                    .put("fpsAnalysed", Json.round(c.fpsAnalysed())).put("activeTracks", c.activeTracks())
                    .put("totals", Json.lineCounts(c.totals()))
                    .put("currentMinute", Json.lineCounts(c.currentMinute()))
                    .put("zones", Json.zones(c.zones())));
        }
        String content = list.encode();
        String newEtag = "\"" + sha256(content).substring(0, 16) + "\"";
        if (!newEtag.equals(etag)) {
            etag = newEtag;
            body = new JsonObject().put("generatedAt", clock.instant().toString()).put("cameras", list).toBuffer();
        }
        builtAtMillis = now;
        built = true;
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
