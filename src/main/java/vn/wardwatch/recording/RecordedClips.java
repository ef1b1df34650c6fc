package vn.wardwatch.recording;

import java.time.Instant;
import java.util.Optional;

/** Cuts a violation's clip from the camera's original recording, when the camera is recorded. */
public interface RecordedClips {

    /**
     * A clip of {@code [from, to]} joined from the recording without re-encoding, waiting (a little longer than one
     * segment) for the segment holding {@code to} to finish; empty when the camera is not recorded or the range is
     * not (fully) there, so the caller falls back to its own clip. The caller deletes the file.
     */
    Optional<ClipExporter.Clip> cut(String cameraId, Instant from, Instant to);
}
