package vn.wardwatch.push;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for webhook retries: after the n-th failed attempt the ceiling is
 * {@code initial * 2^(n-1)}, capped at {@code max}; the delay is uniform in the upper half of it, so that many rows
 * failing together (a receiver down) do not retry in lockstep, yet never retry much sooner than planned.
 */
public record RetryDelay(Duration initial, Duration max) {

    public Duration after(int failedAttempts) {
        int shift = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << shift);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
