package vn.wardwatch.config;

import vn.wardwatch.analytics.geometry.LineSegment;

/**
 * A stop line at a signal. A vehicle whose front crosses it in the "through" direction while its signal head shows
 * red runs the red light.
 *
 * @param signalId  the signal head that governs it
 * @param laneId    the lane it belongs to, or null
 * @param through   the crossing that enters the junction, {@code in} or {@code out} as for count lines; derived from
 *                  the lane's direction when not configured; null: either way
 */
public record StopLineConfig(String id, LineSegment segment, String signalId, String laneId, String through) {
}
