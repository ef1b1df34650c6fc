package vn.wardwatch.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** History of camera state changes. */
public interface CameraStateRepository {

    void record(String cameraId, String state, Instant at, ZoneOffset offset, String detail);

    /** The most recent changes of one camera, newest first. */
    List<CameraStateChange> recent(String cameraId, int limit);

    record CameraStateChange(String cameraId, String state, Instant at, String detail) {
    }
}
