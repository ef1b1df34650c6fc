package vn.wardwatch.api;

import java.util.List;

/** Live camera status, provided by the pipeline. Must be cheap and non-blocking: the event loop calls it. */
public interface CameraStatusSource {

    List<CameraStatus> cameras();
}
