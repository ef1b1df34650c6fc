package vn.wardwatch.recording;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns one ffmpeg run's segment times (stream seconds) into UTC instants. The first segment is anchored to the wall
 * clock when ffmpeg reports it (it reports a segment as the next keyframe arrives, live); later segments follow the
 * stream. A wall-clock jump (NTP step, manual change) is told apart from a late report (a dead camera's last
 * segment comes only after ffmpeg's socket timeout) by the monotonic clock: between two reports the wall clock
 * and the monotonic clock must advance alike. On a jump of more than {@link #JUMP_SECONDS} the segment is flagged
 * and the anchor follows the wall clock.
 */
final class SegmentTimeline {

    static final double JUMP_SECONDS = 2.0;

    /** A segment's place on the UTC timeline; {@code jumpSeconds} is the wall-clock jump seen before it (or 0). */
    record Placed(Instant start, Instant end, boolean clockJump, double jumpSeconds) {
    }

    private Instant anchor;
    private Instant lastWall;
    private long lastMonoNanos;

    /** Places a segment reported at {@code wall} (wall clock) / {@code monoNanos} (System.nanoTime). */
    Placed place(double startSeconds, double endSeconds, Instant wall, long monoNanos) {
        double jump = 0;
        if (anchor == null) {
            anchor = wall.minus(seconds(endSeconds));
        } else {
            jump = (Duration.between(lastWall, wall).toNanos() - (monoNanos - lastMonoNanos)) / 1e9;
            if (Math.abs(jump) > JUMP_SECONDS) {
                anchor = anchor.plus(seconds(jump));
            }
        }
        lastWall = wall;
        lastMonoNanos = monoNanos;
        boolean flagged = Math.abs(jump) > JUMP_SECONDS;
        return new Placed(anchor.plus(seconds(startSeconds)), anchor.plus(seconds(endSeconds)), flagged,
                flagged ? jump : 0);
    }

    static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
