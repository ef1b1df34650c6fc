package vn.wardwatch.recording;

import java.time.Instant;

/** Time a camera was not recorded, and why (offline, recorder restart). */
public record RecordingGap(String cameraId, Instant start, Instant end, String reason) {
}
