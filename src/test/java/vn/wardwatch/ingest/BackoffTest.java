package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    private static List<Duration> delays(Backoff backoff, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backoff.nextDelay());
        }
        return out;
    }

    @Test
    void sameSeedSameDelays() {
        List<Duration> a = delays(new Backoff(MIN, MAX, Duration.ofMinutes(1), new Random(42)), 10);
        List<Duration> b = delays(new Backoff(MIN, MAX, Duration.ofMinutes(1), new Random(42)), 10);
        List<Duration> c = delays(new Backoff(MIN, MAX, Duration.ofMinutes(1), new Random(7)), 10);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void delaysStayBetweenMinAndAGrowingCappedCeiling() {
        Backoff backoff = new Backoff(MIN, MAX, Duration.ofMinutes(1), new Random(1));
        List<Duration> d = delays(backoff, 12);
        for (int i = 0; i < d.size(); i++) {
            long ceiling = Math.min(MAX.toMillis(), MIN.toMillis() << i);
            assertTrue(d.get(i).compareTo(MIN) >= 0, "delay " + i + " below min: " + d.get(i));
            assertTrue(d.get(i).toMillis() <= ceiling, "delay " + i + " above " + ceiling + " ms: " + d.get(i));
        }
        assertEquals(MIN, d.get(0), "the first ceiling is min itself");
        // With the cap reached, delays spread over [min, max]: some must be well above min.
        assertTrue(d.subList(5, 12).stream().anyMatch(x -> x.toMillis() > 500), d.toString());
    }

    @Test
    void stableUptimeResetsShortUptimeDoesNot() {
        Backoff backoff = new Backoff(MIN, MAX, Duration.ofSeconds(30), new Random(3));
        delays(backoff, 4);
        backoff.recordUptime(Duration.ofSeconds(5));
        assertEquals(4, backoff.attempt());
        backoff.recordUptime(Duration.ofSeconds(30));
        assertEquals(0, backoff.attempt());
        assertEquals(MIN, backoff.nextDelay());
    }

    @Test
    void rejectsMaxBelowMin() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(MAX, MIN, Duration.ofSeconds(1), new Random(0)));
    }
}
