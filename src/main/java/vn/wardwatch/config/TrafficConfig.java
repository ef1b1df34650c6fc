package vn.wardwatch.config;

import java.util.List;
import java.util.Map;
import vn.wardwatch.analytics.geometry.LineSegment;

/**
 * Zone traffic state, congestion levels and public-order warnings of one camera ({@code cameras.<id>.traffic}).
 *
 * @param hysteresis fraction by which a metric must fall back below (speed: rise above) a level's bar to leave it
 * @param minSeconds how long a new level, or a crowd or surge condition, must hold before it is reported
 * @param zones      by geometry zone id, in config order
 */
public record TrafficConfig(boolean enabled, double hysteresis, double minSeconds, Map<String, Zone> zones) {

    public static final double DEFAULT_HYSTERESIS = 0.2;
    public static final double DEFAULT_MIN_SECONDS = 5;
    public static final double DEFAULT_QUEUE_GAP_PX = 40;

    public static final TrafficConfig DISABLED = new TrafficConfig(false, DEFAULT_HYSTERESIS, DEFAULT_MIN_SECONDS,
            Map.of());

    /**
     * @param direction   travel direction (first point to second); the queue is measured from the zone's downstream
     *                    end; null: no queue length
     * @param queueGapPx  the largest gap between stationary vehicles that still makes one queue
     * @param calibration two lines a known distance apart, for km/h and m²; null when not calibrated
     * @param levels      slow, congested, jammed, in that order; a level may be absent
     * @param crowd       null when off
     * @param surge       null when off
     */
    public record Zone(String id, LineSegment direction, double queueGapPx, Calibration calibration,
                       List<LevelRule> levels, CrowdRule crowd, SurgeRule surge) {
    }

    /** Two lines across the lane, {@code metres} apart along it. */
    public record Calibration(LineSegment first, LineSegment second, double metres) {
    }

    /**
     * A level is entered when every given bar is met (null: not checked) and it has held {@code minSeconds}.
     *
     * @param level           slow, congested or jammed
     * @param occupancy       vehicles in the zone, at least
     * @param stationaryShare share of the zone's vehicles that stand still, at least (0..1)
     * @param speedPxBelow    average speed in px/s, at most
     * @param speedKmhBelow   average speed in km/h, at most (needs calibration)
     * @param queueVehicles   vehicles in the queue, at least (needs a direction)
     */
    public record LevelRule(String level, Double occupancy, Double stationaryShare, Double speedPxBelow,
                            Double speedKmhBelow, Double queueVehicles) {
    }

    /** People at or above {@code people} in the zone for {@code seconds}. */
    public record CrowdRule(int people, double seconds) {
    }

    /** People count rising by at least {@code rise} within {@code seconds}. */
    public record SurgeRule(int rise, double seconds) {
    }
}
