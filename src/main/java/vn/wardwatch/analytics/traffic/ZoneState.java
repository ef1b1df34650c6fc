package vn.wardwatch.analytics.traffic;

import java.time.Instant;

/**
 * What the operations centre sees of one zone: its latest metrics, its level and since when, its active warnings.
 *
 * @param levelSince wall time of the frame that made the level; null while it is the initial free
 * @param lastMinute the last complete minute; null before one has passed
 */
public record ZoneState(String zoneId, ZoneTraffic traffic, CongestionLevel level, Instant levelSince,
                        int activeWarnings, MinuteTraffic.Summary lastMinute) {
}
