package vn.wardwatch.recording;

import java.time.Instant;
import java.util.List;

/** The index of recorded segments, gaps, holds and deletions. */
public interface RecordingRepository {

    /** Stores a finished segment (protected at once if it overlaps a hold) and returns it with its id. */
    RecordedSegment addSegment(RecordedSegment segment);

    void addGap(RecordingGap gap);

    /** Marks a segment as cut short (the run ended inside it). */
    void markPartial(long segmentId);

    /** End of the camera's latest segment, or null if it has none. */
    Instant lastSegmentEnd(String cameraId);

    /** Segments overlapping {@code [from, to)}, oldest first. */
    List<RecordedSegment> segments(String cameraId, Instant from, Instant to);

    /** Gaps overlapping {@code [from, to)}, oldest first. */
    List<RecordingGap> gaps(String cameraId, Instant from, Instant to);

    /** Keeps the camera's segments overlapping {@code [from, to]} (also those written later); returns how many now. */
    int hold(String cameraId, Instant from, Instant to, String reason);

    /** Unprotected segments, oldest first, at most {@code limit}. */
    List<RecordedSegment> oldestUnprotected(String cameraId, int limit);

    /** Bytes of all the camera's segments. */
    long totalBytes(String cameraId);

    /** Events mode: unprotected segments not yet kept that ended before {@code endedBefore}, oldest first. */
    List<RecordedSegment> unreviewedEventSegments(String cameraId, Instant endedBefore, int limit);

    void markEventKept(long segmentId);

    /** Removes the segment's row and records the deletion with its reason, in one transaction. */
    void recordDeletion(RecordedSegment segment, String reason, Instant deletedAt);

    /** Deletions recorded for a camera, oldest first (file and reason). */
    List<String> deletions(String cameraId);
}
