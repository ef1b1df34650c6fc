package vn.wardwatch.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Segment times from stream seconds and the wall clock; wall-clock jumps told from late reports. */
class SegmentTimelineTest {

    private static final Instant T = Instant.parse("2026-11-22T01:00:00Z");
    private static final long S = 1_000_000_000L;

    @Test
    void anchorsTheFirstSegmentOnItsReportAndFollowsTheStream() {
        SegmentTimeline t = new SegmentTimeline();
        // Reported 10 s after the stream's start: it began at T.
        SegmentTimeline.Placed a = t.place(0, 10, T.plusSeconds(10), 10 * S);
        assertEquals(T, a.start());
        assertEquals(T.plusSeconds(10), a.end());
        // Reported 150 ms late: the stream's times stand, no flag.
        SegmentTimeline.Placed b = t.place(10, 20, T.plusMillis(20_150), 20 * S + 150_000_000L);
        assertEquals(T.plusSeconds(10), b.start());
        assertEquals(T.plusSeconds(20), b.end());
        assertFalse(b.clockJump());
    }

    @Test
    void aLateLastReportIsNoClockJump() {
        SegmentTimeline t = new SegmentTimeline();
        t.place(0, 10, T.plusSeconds(10), 10 * S);
        // A dead camera: the last segment (10..14 s) is reported after a 10 s socket timeout, by both clocks alike.
        SegmentTimeline.Placed last = t.place(10, 14, T.plusSeconds(24), 24 * S);
        assertFalse(last.clockJump());
        assertEquals(T.plusSeconds(14), last.end());
    }

    @Test
    void aWallClockStepIsFlaggedAndFollowed() {
        SegmentTimeline t = new SegmentTimeline();
        t.place(0, 10, T.plusSeconds(10), 10 * S);
        // NTP steps the wall clock back 5 s between two reports; the monotonic clock runs on.
        SegmentTimeline.Placed jumped = t.place(10, 20, T.plusSeconds(15), 20 * S);
        assertTrue(jumped.clockJump());
        assertEquals(-5.0, jumped.jumpSeconds(), 1e-9);
        assertEquals(T.plusSeconds(5), jumped.start());
        assertEquals(T.plusSeconds(15), jumped.end());
        // Afterwards the new wall clock is the reference: no further flag.
        SegmentTimeline.Placed next = t.place(20, 30, T.plusSeconds(25), 30 * S);
        assertFalse(next.clockJump());
        assertEquals(T.plusSeconds(25), next.end());
    }
}
