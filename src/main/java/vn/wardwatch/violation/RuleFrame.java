package vn.wardwatch.violation;

import java.time.Instant;
import java.time.LocalTime;
import vn.wardwatch.signal.SignalBoard;

/**
 * What rules see of one analysed frame besides its tracks.
 *
 * @param localTime the camera's local time of day, for time windows
 * @param signals   the camera's signal heads
 */
public record RuleFrame(long streamMillis, Instant wallTime, LocalTime localTime, SignalBoard signals) {
}
