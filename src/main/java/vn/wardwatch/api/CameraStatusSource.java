package vn.wardwatch.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

    /**
     * The camera's latest analysed frame as JPEG, at most {@code maxWidth} wide, with {@code edit} (privacy masking;
     * may be null) applied to a full-size copy first. Called on the event loop: the encoding runs off it. Fails with
     * an {@link ApiException}: 404 for a camera not running here or without a frame yet. Here the frame is the local
     * {@link #latestFrame}; a cluster's api node asks the worker running the camera.
     */
    default Future<LatestFrame.Jpeg> jpeg(Vertx vertx, String cameraId, int maxWidth, LatestFrame.Edit edit) {
        LatestFrame frame = latestFrame(cameraId).orElse(null);
        if (frame == null) {
            return Future.failedFuture(ApiException.notFound("no camera with id '" + cameraId + "'"));
        }
        return vertx.executeBlocking(() -> frame.jpeg(maxWidth, edit).orElseThrow(() -> noFrameYet(cameraId)));
    }

    /** The 404 for a camera that has not analysed a frame yet. */
    static ApiException noFrameYet(String cameraId) {
        return ApiException.notFound("camera '" + cameraId + "' has no analysed frame yet");
    }
}
