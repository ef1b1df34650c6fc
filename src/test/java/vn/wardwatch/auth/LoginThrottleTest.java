package vn.wardwatch.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.wardwatch.testsupport.StepClock;

class LoginThrottleTest {

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
