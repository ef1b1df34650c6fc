package vn.wardwatch.signal;

/**
 * One classification of a signal-head region: the colour, a confidence in 0-1, and the share of the region's pixels
 * that looked like the winning lit lamp (red and amber counted together against green; kept for debugging and
 * evaluation).
 */
public record SignalReading(SignalColour colour, double confidence, double litShare) {

    public static SignalReading unknown(double litShare) {
        return new SignalReading(SignalColour.UNKNOWN, 0, litShare);
    }
}
