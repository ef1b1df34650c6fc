package vn.wardwatch.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.analytics.traffic.ZoneState;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.detect.ObjectClass;

/**
 * A camera's {@link ZoneState}s on the event bus, whole (no rounding): the api node rebuilds the same records the
 * worker's pipeline holds, so its operations centre snapshot is built by the same code as in one process.
 */
final class ZoneStateJson {

    private ZoneStateJson() {
    }

    static JsonArray toJson(List<ZoneState> zones) {
        JsonArray a = new JsonArray();
        for (ZoneState z : zones) {
            ZoneTraffic t = z.traffic();
            a.add(new JsonObject().put("zone", z.zoneId()).put("level", z.level().wireName())
                    .put("levelSince", z.levelSince() == null ? null : z.levelSince().toString())
                    .put("activeWarnings", z.activeWarnings())
                    .put("lastMinute", z.lastMinute() == null ? null : summary(z.lastMinute()))
                    .put("occupancy", t.occupancy()).put("byClass", classes(t.byClass()))
                    .put("flowPerMinute", classes(t.flowPerMinute())).put("speedPx", t.speedPx())
                    .put("speedKmh", t.speedKmh()).put("queueVehicles", t.queueVehicles())
                    .put("queuePx", t.queuePx()).put("stationaryShare", t.stationaryShare())
                    .put("people", t.people()).put("density", t.density()).put("densityPerM2", t.densityPerM2()));
        }
        return a;
    }

    /** @throws IllegalArgumentException naming the zone and value a worker of another version sent */
    static List<ZoneState> fromJson(JsonArray a) {
        List<ZoneState> zones = new ArrayList<>();
        for (Object o : a) {
            JsonObject z = (JsonObject) o;
            String zone = z.getString("zone");
            ZoneTraffic t = new ZoneTraffic(z.getInteger("occupancy"), classes(zone, z.getJsonObject("byClass")),
                    classes(zone, z.getJsonObject("flowPerMinute")), z.getDouble("speedPx"), z.getDouble("speedKmh"),
                    z.getInteger("queueVehicles"), z.getDouble("queuePx"), z.getDouble("stationaryShare"),
                    z.getInteger("people"), z.getDouble("density"), z.getBoolean("densityPerM2"));
            String since = z.getString("levelSince");
            JsonObject minute = z.getJsonObject("lastMinute");
            zones.add(new ZoneState(zone, t, CongestionLevel.of(z.getString("level")),
                    since == null ? null : Instant.parse(since), z.getInteger("activeWarnings"),
                    minute == null ? null : summary(minute)));
        }
        return List.copyOf(zones);
    }

    /** A closed minute (also the body of a zone minute sent for storage). */
    static JsonObject summary(MinuteTraffic.Summary s) {
        return new JsonObject().put("minuteStart", s.minuteStart().toString())
                .put("frames", s.frames()).put("meanOccupancy", s.meanOccupancy())
                .put("maxOccupancy", s.maxOccupancy()).put("meanPeople", s.meanPeople())
                .put("maxPeople", s.maxPeople()).put("flow", s.flow()).put("speedPx", s.speedPx())
                .put("speedKmh", s.speedKmh()).put("maxQueueVehicles", s.maxQueueVehicles())
                .put("meanStationaryShare", s.meanStationaryShare())
                .put("worstLevel", s.worstLevel() == null ? null : s.worstLevel().wireName());
    }

    static MinuteTraffic.Summary summary(JsonObject j) {
        String level = j.getString("worstLevel");
        return new MinuteTraffic.Summary(Instant.parse(j.getString("minuteStart")),
                j.getInteger("frames"), j.getDouble("meanOccupancy"), j.getInteger("maxOccupancy"),
                j.getDouble("meanPeople"), j.getInteger("maxPeople"), j.getInteger("flow"), j.getDouble("speedPx"),
                j.getDouble("speedKmh"), j.getInteger("maxQueueVehicles"), j.getDouble("meanStationaryShare"),
                level == null ? null : CongestionLevel.of(level));
    }

    private static JsonObject classes(Map<ObjectClass, Integer> byClass) {
        JsonObject j = new JsonObject();
        byClass.forEach((c, n) -> j.put(c.wireName(), n));
        return j;
    }

    /** In class order, as the worker's meter keeps them (the snapshot lists them in map order). */
    private static Map<ObjectClass, Integer> classes(String zone, JsonObject j) {
        Map<ObjectClass, Integer> m = new EnumMap<>(ObjectClass.class);
        for (String name : j.fieldNames()) {
            ObjectClass c = ObjectClass.fromWireName(name).orElseThrow(() -> new IllegalArgumentException(
                    "zone " + zone + ": unknown object class '" + name + "'"));
            m.put(c, j.getInteger(name));
        }
        return Collections.unmodifiableMap(m);
    }
}
