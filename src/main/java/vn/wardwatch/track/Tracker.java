package vn.wardwatch.track;

import java.util.List;
import vn.wardwatch.detect.Detection;

/** Associates detections across the frames of one camera. Not thread-safe: one tracker per camera. */
public interface Tracker {

    /** Feeds one frame's detections; returns the confirmed tracks alive after this frame. */
    List<Track> update(List<Detection> detections, long timestampMillis);

    /** Ids of tracks removed since the last call (so that per-track state elsewhere can be freed). */
    List<Long> drainRemovedIds();
}
