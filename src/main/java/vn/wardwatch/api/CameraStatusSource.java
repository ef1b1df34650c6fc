package vn.wardwatch.api;

import java.util.List;
import java.util.Optional;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.ingest.LatestFrame;

/** Live camera status, provided by the pipeline. Must be cheap and non-blocking: the event loop calls it. */
public interface CameraStatusSource {

    List<CameraStatus> cameras();

    /** The running camera's configuration (its geometry, issue 9); empty for a camera not running here. */
    default Optional<CameraConfig> config(String cameraId) {
        return Optional.empty();
    }

    /**
     * The camera's latest analysed frame holder (issue 9); empty for a camera not running here. The holder may not
     * have a frame yet; encoding it is the caller's, off the event loop.
     */
    default Optional<LatestFrame> latestFrame(String cameraId) {
        return Optional.empty();
    }
}
