package vn.wardwatch.analytics.traffic;

import java.time.Instant;
import org.opencv.core.Mat;
import vn.wardwatch.warning.Warning;

/** Receives a camera's level changes and warnings on its analysis thread; must not block. */
public interface TrafficListener {

    /** A zone's reported congestion level changed at the frame of {@code frameAt}. */
    void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics, Instant frameAt);

    /**
     * A warning was raised, updated or cleared; {@code frame} is only lent for this call (copy what you keep), null
     * for a clear when the analysis stops.
     */
    void warning(Warning warning, Mat frame);

    /** A zone's minute closed (at the first frame of the next one). */
    default void minute(String cameraId, String zoneId, MinuteTraffic.Summary summary) {
    }

    TrafficListener NONE = new TrafficListener() {
        @Override
        public void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics,
                          Instant frameAt) {
        }

        @Override
        public void warning(Warning warning, Mat frame) {
        }
    };
}
