package vn.wardwatch.ingest;

/** Live state of one camera's stream. */
public enum CameraState {
    /** Worker started, no frame yet. */
    STARTING,
    /** Frames are arriving. */
    ONLINE,
    /** The stream stopped delivering frames for longer than the stall timeout; it is being restarted. */
    STALLED,
    /** The stream failed, ended or the worker stopped; a restart may be pending. */
    OFFLINE
}
