package vn.wardwatch.signal;

/**
 * The stable state of one signal head at one moment.
 *
 * @param source           {@code image} (read from the camera picture) or {@code controller} (pushed by the signal
 *                         controller over the API)
 * @param sinceStreamMillis when the head took this colour, on its camera's stream timeline
 */
public record SignalState(String headId, SignalColour colour, String source, long sinceStreamMillis) {

    public static final String FROM_IMAGE = "image";
    public static final String FROM_CONTROLLER = "controller";

    /** How long the head has shown its colour at {@code streamMillis}. */
    public long heldMillis(long streamMillis) {
        return streamMillis - sinceStreamMillis;
    }
}
