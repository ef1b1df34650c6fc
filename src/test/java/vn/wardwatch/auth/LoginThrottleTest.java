package vn.wardwatch.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand: no sleeps. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-11-22T01:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void fiveFailuresLockTheNameForFiveMinutes() {
        StepClock clock = new StepClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 4; i++) {
            t.failed("lan", "10.0.0." + i);
        }
        assertTrue(t.retryAfter("lan", "10.0.0.9").isEmpty(), "4 failures do not lock");
        t.failed("lan", "10.0.0.5");
        assertEquals(Duration.ofMinutes(5), t.retryAfter("lan", "10.0.0.9").orElseThrow());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(t.retryAfter("lan", "10.0.0.9").isEmpty(), "the lock ends after 5 minutes");
    }

    @Test
    void fiveFailuresFromOneAddressLockThatAddressForEveryName() {
        StepClock clock = new StepClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 5; i++) {
            t.failed("nobody" + i, "2001:db8::7");
        }
        assertTrue(t.retryAfter("lan", "2001:db8::7").isPresent());
        assertTrue(t.retryAfter("lan", "10.0.0.1").isEmpty());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        StepClock clock = new StepClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 4; i++) {
            t.failed("lan", "a");
        }
        clock.advance(Duration.ofMinutes(6));
        t.failed("lan", "a");
        assertTrue(t.retryAfter("lan", "a").isEmpty());
    }
}
