package vn.wardwatch.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small helpers that turn status records into JSON and send it. */
final class Json {

    private Json() {
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static JsonArray lineCounts(List<CameraStatus.LineCount> counts) {
        JsonArray out = new JsonArray();
        for (CameraStatus.LineCount c : counts) {
            out.add(new JsonObject().put("line", c.line()).put("class", c.objectClass())
                    .put("direction", c.direction()).put("count", c.count()));
        }
        return out;
    }

    static JsonArray zones(Map<String, Map<String, Integer>> zones) {
        JsonArray out = new JsonArray();
        zones.forEach((zone, occupancy) -> out.add(new JsonObject().put("zone", zone)
                .put("occupancy", new JsonObject(Map.copyOf(occupancy)))));
        return out;
    }

    static JsonObject camera(CameraStatus c) {
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("source", c.source())
                .put("timezone", c.timezone())
                .put("state", c.state())
                .put("stateSince", instant(c.stateSince()))
                .put("fpsIn", round(c.fpsIn()))
                .put("fpsAnalysed", round(c.fpsAnalysed()))
                .put("framesIn", c.framesIn())
                .put("framesDropped", c.framesDropped())
                .put("reconnects", c.reconnects())
                .put("lastFrameAt", instant(c.lastFrameAt()))
                .put("lastError", c.lastError())
                .put("activeTracks", c.activeTracks());
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
