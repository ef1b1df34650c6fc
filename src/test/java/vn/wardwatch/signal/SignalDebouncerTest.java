package vn.wardwatch.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.wardwatch.signal.SignalColour.GREEN;
import static vn.wardwatch.signal.SignalColour.RED;
import static vn.wardwatch.signal.SignalColour.UNKNOWN;
import static vn.wardwatch.signal.SignalColour.YELLOW;

import org.junit.jupiter.api.Test;

class SignalDebouncerTest {

    /** 10 frames/s: 100 ms apart. */
    private static final long FRAME_MS = 100;

    /** Feeds the colours one frame apart from {@code startMs} and returns the stable colour after the last. */
    private static SignalColour feed(SignalDebouncer d, long startMs, SignalColour... raw) {
        SignalColour state = d.state();
        for (int i = 0; i < raw.length; i++) {
            state = d.update(raw[i], startMs + i * FRAME_MS);
        }
        return state;
    }

    private static SignalColour[] repeat(SignalColour c, int n) {
        SignalColour[] out = new SignalColour[n];
        java.util.Arrays.fill(out, c);
        return out;
    }

    @Test
    void startsUnknownAndConfirmsAfterNFrames() {
        SignalDebouncer d = new SignalDebouncer(3, 0, 10, 0);
        assertEquals(UNKNOWN, d.state());
        assertTrue(d.changedAtMillis().isEmpty());
        assertEquals(UNKNOWN, feed(d, 0, GREEN, GREEN));
        assertEquals(GREEN, d.update(GREEN, 200));
        assertEquals(0L, d.changedAtMillis().orElseThrow(), "the change dates from the first frame that showed it");
        assertEquals(200L, d.lastChange().orElseThrow().confirmedMillis());
    }

    @Test
    void flickerDoesNotFlip() {
        SignalDebouncer d = new SignalDebouncer(3, 0, 10, 0);
        feed(d, 0, repeat(GREEN, 3));
        // Single and double misreads, interleaved with the true colour, never reach three in a row.
        assertEquals(GREEN, feed(d, 300, RED, GREEN, RED, RED, GREEN, YELLOW, GREEN, RED, RED, GREEN));
        assertEquals(new SignalDebouncer.Change(UNKNOWN, GREEN, 0, 200), d.lastChange().orElseThrow());
    }

    @Test
    void sustainedChangeFlipsAndRecordsWhen() {
        SignalDebouncer d = new SignalDebouncer(3, 0, 10, 0);
        feed(d, 0, repeat(GREEN, 5));
        assertEquals(GREEN, feed(d, 500, YELLOW, YELLOW));
        assertEquals(YELLOW, d.update(YELLOW, 700));
        assertEquals(new SignalDebouncer.Change(GREEN, YELLOW, 500, 700), d.lastChange().orElseThrow());
        assertEquals(RED, feed(d, 800, repeat(RED, 3)));
        assertEquals(800L, d.changedAtMillis().orElseThrow());
    }

    @Test
    void timeLimitConfirmsAtLowFrameRates() {
        // 3 frames or 250 ms: at 2 frames/s the second frame (500 ms on) already confirms.
        SignalDebouncer d = new SignalDebouncer(3, 250, 10, 2000);
        d.update(RED, 0);
        assertEquals(RED, d.update(RED, 500));
        assertEquals(RED, d.update(GREEN, 1000));
        assertEquals(GREEN, d.update(GREEN, 1300));
    }

    @Test
    void unknownFramesDoNotFlipAStableColourUntilTheyPersistLonger() {
        SignalDebouncer d = new SignalDebouncer(3, 0, 10, 0);
        feed(d, 0, repeat(RED, 3));
        // A vehicle passes in front of the head for 9 frames: still red.
        assertEquals(RED, feed(d, 300, repeat(UNKNOWN, 9)));
        assertEquals(RED, d.update(RED, 1200));
        // The camera loses the head for good: after 10 unknown frames the state is unknown.
        assertEquals(RED, feed(d, 1300, repeat(UNKNOWN, 9)));
        assertEquals(UNKNOWN, d.update(UNKNOWN, 2200));
        assertEquals(new SignalDebouncer.Change(RED, UNKNOWN, 1300, 2200), d.lastChange().orElseThrow());
    }

    @Test
    void unknownInsideARunOfANewColourNeitherCountsNorBreaksIt() {
        SignalDebouncer d = new SignalDebouncer(3, 0, 10, 0);
        feed(d, 0, repeat(GREEN, 3));
        assertEquals(GREEN, feed(d, 300, RED, UNKNOWN, RED, UNKNOWN));
        assertEquals(RED, d.update(RED, 700));
        assertEquals(300L, d.changedAtMillis().orElseThrow());
    }

    @Test
    void rejectsTimeGoingBackwardsAndUnknownLimitsShorterThanColourLimits() {
        SignalDebouncer d = new SignalDebouncer(3, 0, 10, 0);
        d.update(RED, 1000);
        assertThrows(IllegalArgumentException.class, () -> d.update(RED, 900));
        assertThrows(IllegalArgumentException.class, () -> d.update(null, 1100));
        assertThrows(IllegalArgumentException.class, () -> new SignalDebouncer(5, 0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new SignalDebouncer(0, 500, 0, 100));
    }
}
