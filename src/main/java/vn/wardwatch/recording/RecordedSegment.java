package vn.wardwatch.recording;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished segment file of a camera's original stream.
 *
 * @param file         path relative to the recordings directory, e.g. {@code cam1/2026-11-22/093112-000003.ts}
 * @param partial      cut short (camera died or the recorder was killed); still playable
 * @param clockJump    the wall clock and the stream disagreed by more than 2 s over this segment
 * @param declaredFps  the frame rate the stream declares, null when unknown
 * @param deliveredFps frames per second actually in this segment, null when unknown
 */
public record RecordedSegment(long id, String cameraId, Instant start, Instant end, String file, long sizeBytes,
                              String sha256, boolean protectedFlag, boolean partial, boolean clockJump,
                              Double declaredFps, Double deliveredFps) {

    public Duration duration() {
        return Duration.between(start, end);
    }

    public RecordedSegment withId(long newId) {
        return new RecordedSegment(newId, cameraId, start, end, file, sizeBytes, sha256, protectedFlag, partial,
                clockJump, declaredFps, deliveredFps);
    }
}
