package vn.wardwatch.testsupport;

import vn.wardwatch.signal.SignalColour;

/**
 * From {@code startSeconds} on (until the next phase) the staged signal head shows {@code colour}; UNKNOWN draws
 * all lamps dark.
 */
public record SignalPhase(double startSeconds, SignalColour colour) {
}
