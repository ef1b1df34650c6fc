package vn.wardwatch.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.wardwatch.api.CameraStatus;

/** A {@link CameraStatus} on the event bus: what a worker reports of each camera it runs. */
final class CameraStatusJson {

    private CameraStatusJson() {
    }

    static JsonObject toJson(CameraStatus s) {
        JsonObject zones = new JsonObject();
        s.zones().forEach((zone, byClass) -> {
            JsonObject z = new JsonObject();
            byClass.forEach(z::put);
            zones.put(zone, z);
        });
        return new JsonObject().put("id", s.id()).put("name", s.name()).put("source", s.source())
                .put("timezone", s.timezone()).put("state", s.state()).put("stateSince", millis(s.stateSince()))
                .put("fpsIn", s.fpsIn()).put("fpsAnalysed", s.fpsAnalysed()).put("framesIn", s.framesIn())
                .put("framesDropped", s.framesDropped()).put("reconnects", s.reconnects())
                .put("lastFrameAt", millis(s.lastFrameAt())).put("lastError", s.lastError())
                .put("activeTracks", s.activeTracks()).put("totals", counts(s.totals()))
                .put("currentMinute", counts(s.currentMinute())).put("zones", zones);
    }

    static CameraStatus fromJson(JsonObject j) {
        Map<String, Map<String, Integer>> zones = new TreeMap<>();
        JsonObject z = j.getJsonObject("zones", new JsonObject());
        for (String zone : z.fieldNames()) {
            Map<String, Integer> byClass = new TreeMap<>();
            JsonObject c = z.getJsonObject(zone);
            c.fieldNames().forEach(k -> byClass.put(k, c.getInteger(k)));
            zones.put(zone, byClass);
        }
        return new CameraStatus(j.getString("id"), j.getString("name"), j.getString("source"),
                j.getString("timezone"), j.getString("state"), instant(j.getLong("stateSince")),
                j.getDouble("fpsIn", 0.0), j.getDouble("fpsAnalysed", 0.0), j.getLong("framesIn", 0L),
                j.getLong("framesDropped", 0L), j.getLong("reconnects", 0L), instant(j.getLong("lastFrameAt")),
                j.getString("lastError"), j.getInteger("activeTracks", 0), counts(j.getJsonArray("totals")),
                counts(j.getJsonArray("currentMinute")), zones);
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static JsonArray counts(List<CameraStatus.LineCount> counts) {
        JsonArray a = new JsonArray();
        counts.forEach(c -> a.add(new JsonObject().put("line", c.line()).put("class", c.objectClass())
                .put("direction", c.direction()).put("count", c.count())));
        return a;
    }

    private static List<CameraStatus.LineCount> counts(JsonArray a) {
        List<CameraStatus.LineCount> out = new ArrayList<>();
        if (a != null) {
            for (Object o : a) {
                JsonObject c = (JsonObject) o;
                out.add(new CameraStatus.LineCount(c.getString("line"), c.getString("class"),
                        c.getString("direction"), c.getLong("count")));
            }
        }
        return out;
    }
}
