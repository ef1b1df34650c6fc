package vn.wardwatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: 5 failed logins within 5 minutes lock the account name AND the remote address for 5
 * minutes. Names that do not exist are counted too, so a lock does not tell whether a user exists. In memory: a
 * restart clears it, which costs an attacker a restart they cannot cause.
 */
public final class LoginThrottle {

    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(5);
    public static final Duration LOCK = Duration.ofMinutes(5);
    /** Bounds memory when someone sprays many names or addresses. */
    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long until a login for this name from this address may be tried; empty when it may be tried now. */
    public synchronized Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil.get(userKey(username)), lockedUntil.get(addressKey(address)));
        if (until == null || !until.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, until));
    }

    public synchronized void failed(String username, String address) {
        count(userKey(username));
        count(addressKey(address));
    }

    /** A good login clears the name's failures (not the address's: one good account must not unlock guessing). */
    public synchronized void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private void count(String key) {
        Instant now = clock.instant();
        if (failures.size() > MAX_KEYS) {
            failures.clear();
        }
        if (lockedUntil.size() > MAX_KEYS) {
            lockedUntil.values().removeIf(t -> !t.isAfter(now));
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
            times.removeFirst();
        }
        if (times.size() >= MAX_FAILURES) {
            lockedUntil.put(key, now.plus(LOCK));
            times.clear();
        }
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
