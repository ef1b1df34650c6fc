package vn.wardwatch.ingest;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter between restarts of a failing stream: the delay is uniform between
 * {@code min} and {@code min * 2^attempt} (capped at {@code max}), so many cameras behind one failed switch do
 * not reconnect in lockstep. A stream that stayed up for {@code stablePeriod} starts again from {@code min}.
 * Not thread-safe: one instance per camera worker.
 */
public final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final Duration stablePeriod;
    private final Random random;
    private int attempt;

    public Backoff(Duration min, Duration max, Duration stablePeriod, Random random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.stablePeriod = stablePeriod;
        this.random = random;
    }

    /** 1 s to 30 s, reset after a minute of stable streaming. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1), new Random());
    }

    /** The delay before the next attempt; each call raises the ceiling for the following one. */
    public Duration nextDelay() {
        long ceiling = ceilingNanos(attempt);
        if (attempt < 62) {
            attempt++;
        }
        long span = ceiling - minNanos;
        long jitter = span == 0 ? 0 : (long) (random.nextDouble() * (span + 1));
        return Duration.ofNanos(minNanos + Math.min(jitter, span));
    }

    /** Tells how long the last connection stayed up; a stable one resets the backoff. */
    public void recordUptime(Duration uptime) {
        if (uptime.compareTo(stablePeriod) >= 0) {
            reset();
        }
    }

    public void reset() {
        attempt = 0;
    }

    /** Attempts since the last reset. */
    public int attempt() {
        return attempt;
    }

    private long ceilingNanos(int n) {
        // min * 2^n without overflow.
        if (n >= 62 || minNanos > (maxNanos >> Math.min(n, 62))) {
            return maxNanos;
        }
        return Math.min(maxNanos, minNanos << n);
    }
}
