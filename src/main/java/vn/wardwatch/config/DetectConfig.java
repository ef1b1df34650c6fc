package vn.wardwatch.config;

import java.util.List;
import java.util.Map;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.ObjectClass;

/**
 * How one camera is analysed.
 *
 * @param width       analysis frame width (ffmpeg scales to it)
 * @param height      analysis frame height
 * @param fps         analysis frames per second (ffmpeg drops the rest)
 * @param thresholds  per-class minimum scores; classes not listed use the detector's threshold
 * @param masks       polygons whose detections are ignored (by bottom-centre anchor)
 * @param motionGate  skip the detector on frames without motion
 * @param queueSize   frames buffered between ingest and analysis; the oldest is dropped when full
 */
public record DetectConfig(int width, int height, double fps, Map<ObjectClass, Double> thresholds,
                           List<Polygon> masks, boolean motionGate, int queueSize) {
}
