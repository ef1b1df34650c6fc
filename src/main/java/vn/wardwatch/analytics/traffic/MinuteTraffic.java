package vn.wardwatch.analytics.traffic;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One zone's traffic state summed up per UTC minute (of the frames' wall time): means and peaks of the per-frame
 * metrics, the flow of the minute and its worst level. Not thread-safe: the camera's thread.
 */
public final class MinuteTraffic {

    /**
     * A closed minute.
     *
     * @param flow            vehicles that entered the zone in the 60 s before the minute's last frame
     * @param speedPx         mean over the frames that had a speed; null when none had
     * @param worstLevel      the highest reported level during the minute
     */
    public record Summary(Instant minuteStart, int frames, double meanOccupancy, int maxOccupancy, double meanPeople,
                          int maxPeople, int flow, Double speedPx, Double speedKmh, int maxQueueVehicles,
                          double meanStationaryShare, CongestionLevel worstLevel) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("minuteStart", minuteStart.toString());
            m.put("frames", frames);
            m.put("meanOccupancy", round(meanOccupancy));
            m.put("maxOccupancy", maxOccupancy);
            m.put("meanPeople", round(meanPeople));
            m.put("maxPeople", maxPeople);
            m.put("flow", flow);
            m.put("speedPx", speedPx == null ? null : round(speedPx));
            m.put("speedKmh", speedKmh == null ? null : round(speedKmh));
            m.put("maxQueueVehicles", maxQueueVehicles);
            m.put("meanStationaryShare", round(meanStationaryShare));
            m.put("worstLevel", worstLevel.wireName());
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    private Instant minute;
    private int frames;
    private long occupancy;
    private int maxOccupancy;
    private long people;
    private int maxPeople;
    private int flow;
    private double speedSum;
    private int speedFrames;
    private double kmhSum;
    private int kmhFrames;
    private int maxQueue;
    private double stationarySum;
    private CongestionLevel worst = CongestionLevel.FREE;

    /** Adds one frame; returns the previous minute's summary when this frame starts a new minute, else null. */
    public Summary add(ZoneTraffic t, CongestionLevel level, Instant wallTime) {
        Instant m = wallTime.truncatedTo(ChronoUnit.MINUTES);
        Summary closed = null;
        if (minute != null && !m.equals(minute)) {
            closed = close();
        }
        if (minute == null || !m.equals(minute)) {
            reset(m);
        }
        frames++;
        occupancy += t.occupancy();
        maxOccupancy = Math.max(maxOccupancy, t.occupancy());
        people += t.people();
        maxPeople = Math.max(maxPeople, t.people());
        flow = t.flowTotal();
        if (t.speedPx() != null) {
            speedSum += t.speedPx();
            speedFrames++;
        }
        if (t.speedKmh() != null) {
            kmhSum += t.speedKmh();
            kmhFrames++;
        }
        if (t.queueVehicles() != null) {
            maxQueue = Math.max(maxQueue, t.queueVehicles());
        }
        stationarySum += t.stationaryShare();
        if (level.compareTo(worst) > 0) {
            worst = level;
        }
        return closed;
    }

    private Summary close() {
        return new Summary(minute, frames, (double) occupancy / frames, maxOccupancy, (double) people / frames,
                maxPeople, flow, speedFrames == 0 ? null : speedSum / speedFrames,
                kmhFrames == 0 ? null : kmhSum / kmhFrames, maxQueue, stationarySum / frames, worst);
    }

    private void reset(Instant m) {
        minute = m;
        frames = 0;
        occupancy = 0;
        maxOccupancy = 0;
        people = 0;
        maxPeople = 0;
        flow = 0;
        speedSum = 0;
        speedFrames = 0;
        kmhSum = 0;
        kmhFrames = 0;
        maxQueue = 0;
        stationarySum = 0;
        worst = CongestionLevel.FREE;
    }
}
