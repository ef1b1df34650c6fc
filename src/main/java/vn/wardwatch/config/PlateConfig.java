package vn.wardwatch.config;

import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Polygon;

/**
 * Licence-plate reading of one camera, in analysis-frame pixels.
 *
 * @param enabled             whether plates are read at all
 * @param line                a track whose anchor crosses it gets read; null for none
 * @param zone                a track whose anchor stands in it gets read, and read again every
 *                            {@code zoneIntervalSeconds} while it stays (parked vehicles); null for none
 * @param frames              reads voted per round (the largest, sharpest crops of the round)
 * @param candidates          crops a round collects to choose those {@code frames} from
 * @param zoneIntervalSeconds how often a track that stays in the zone is read again
 * @param queueSize           crops waiting for the plate reader; the oldest is dropped when full
 */
public record PlateConfig(boolean enabled, LineSegment line, Polygon zone, int frames, int candidates,
                          double zoneIntervalSeconds, int queueSize) {

    public static final int DEFAULT_FRAMES = 3;
    public static final int DEFAULT_CANDIDATES = 8;
    public static final double DEFAULT_ZONE_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_QUEUE_SIZE = 32;

    /** A camera without a {@code plates} section. */
    public static final PlateConfig DISABLED = new PlateConfig(false, null, null, DEFAULT_FRAMES, DEFAULT_CANDIDATES,
            DEFAULT_ZONE_INTERVAL_SECONDS, DEFAULT_QUEUE_SIZE);
}
