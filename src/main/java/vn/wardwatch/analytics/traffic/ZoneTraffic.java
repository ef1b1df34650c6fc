package vn.wardwatch.analytics.traffic;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;

/**
 * The traffic state of one zone at one frame.
 *
 * @param occupancy       vehicles (not people) in the zone now
 * @param byClass         every class in the zone now, people included; classes with none are absent
 * @param flowPerMinute   vehicles that entered the zone in the last 60 s of stream time, by class
 * @param speedPx         mean speed of the moving and standing vehicles in the zone, px/s; null with no vehicle
 * @param speedKmh        mean of the km/h measured between the calibration lines in the last 60 s; null when the
 *                        zone is not calibrated or nobody crossed both lines
 * @param queueVehicles   stationary vehicles queued back from the zone's downstream end; null without a direction
 * @param queuePx         the queue's extent from the downstream end, px; null without a direction
 * @param stationaryShare share of the zone's vehicles that stand still; 0 with no vehicle
 * @param people          people in the zone now
 * @param density         people per 1000 px², or per m² when {@code densityPerM2}
 */
public record ZoneTraffic(int occupancy, Map<ObjectClass, Integer> byClass, Map<ObjectClass, Integer> flowPerMinute,
                          Double speedPx, Double speedKmh, Integer queueVehicles, Double queuePx,
                          double stationaryShare, int people, double density, boolean densityPerM2) {

    public static final ZoneTraffic EMPTY = new ZoneTraffic(0, Map.of(), Map.of(), null, null, null, null, 0, 0, 0,
            false);

    public int flowTotal() {
        return flowPerMinute.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The metrics as plain JSON-ready values (warnings, levels, the IOC snapshot). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("occupancy", occupancy);
        m.put("people", people);
        m.put("flowPerMinute", flowTotal());
        Map<String, Object> flow = new LinkedHashMap<>();
        flowPerMinute.forEach((c, n) -> flow.put(c.wireName(), n));
        m.put("flowByClass", flow);
        m.put("speedPx", round(speedPx));
        m.put("speedKmh", round(speedKmh));
        m.put("queueVehicles", queueVehicles);
        m.put("queuePx", round(queuePx));
        m.put("stationaryShare", round(stationaryShare));
        m.put(densityPerM2 ? "densityPerM2" : "densityPer1000Px2", Math.round(density * 1000) / 1000.0);
        return m;
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }
}
