package vn.wardwatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Logins, sessions and bearer tokens. Blocking (database, PBKDF2): the API calls it off the event loop.
 */
public final class Authenticator {

    public static final Duration DEFAULT_SESSION = Duration.ofHours(8);

    /** What a login gave. Exactly one of: a session, a throttle delay, or neither (wrong name or password). */
    public record Login(User user, String token, Instant expiresAt, Duration retryAfter) {
        public boolean ok() {
            return token != null;
        }

        public boolean throttled() {
            return retryAfter != null;
        }
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Duration sessionLength;

    public Authenticator(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, Clock clock,
                         Duration sessionLength) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.sessionLength = sessionLength;
    }

    public Authenticator(UserRepository users, Clock clock, Duration sessionLength) {
        this(users, new PasswordHasher(), new LoginThrottle(clock), clock, sessionLength);
    }

    public Login login(String username, char[] password, String remoteAddress) {
        Optional<Duration> wait = throttle.retryAfter(username, remoteAddress);
        if (wait.isPresent()) {
            return new Login(null, null, null, wait.get());
        }
        Optional<UserRepository.Credentials> found = users.credentials(username);
        boolean good;
        if (found.isEmpty()) {
            hasher.burnOneCheck(password);
            good = false;
        } else {
            good = hasher.matches(password, found.get().passwordHash()) && !found.get().user().disabled();
        }
        if (!good) {
            throttle.failed(username, remoteAddress);
            return new Login(null, null, null, null);
        }
        throttle.succeeded(username);
        String token = SessionTokens.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(sessionLength);
        users.deleteExpiredSessions(now); // logins are rare: a good moment to drop sessions nobody can use
        users.addSession(SessionTokens.hash(token), username, now, expires);
        return new Login(found.get().user(), token, expires, null);
    }

    /** The user of a session token or a machine token; empty when the token is unknown, expired or revoked. */
    public Optional<User> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Optional<User> session = users.sessionUser(hash, clock.instant());
        return session.isPresent() ? session : users.apiTokenUser(hash);
    }

    public void logout(String token) {
        users.endSession(SessionTokens.hash(token));
    }

    public UserRepository users() {
        return users;
    }
}
