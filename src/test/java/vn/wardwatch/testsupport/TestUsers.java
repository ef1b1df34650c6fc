package vn.wardwatch.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import vn.wardwatch.api.ApiDependencies;
import vn.wardwatch.api.CameraScope;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.auth.Role;
import vn.wardwatch.auth.SessionTokens;
import vn.wardwatch.auth.User;
import vn.wardwatch.auth.UserRepository;
import vn.wardwatch.privacy.MediaMasker;
import vn.wardwatch.storage.jdbc.Database;

/**
 * Users and bearer tokens for tests that call the API: rows go straight into the real user tables (no PBKDF2, no
 * login round trip), and the API gets a real {@link Authenticator} over them.
 */
public final class TestUsers {

    /** A stored hash no password matches: these users log in by token only. */
    private static final String NO_PASSWORD = "pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA";

    private final UserRepository users;
    private final RecordedAudit audit;

    public TestUsers(Database database) {
        this.users = new UserRepository(database);
        this.audit = new RecordedAudit(database);
    }

    /** Users of a running server, which audits to its own log: {@link #audit()} is not available. */
    public TestUsers(UserRepository users) {
        this.users = users;
        this.audit = null;
    }

    /** Security over these users, with the given camera groups and media masker (null refuses masked media). */
    public ApiDependencies.Security security(Map<String, Set<String>> cameraGroups, MediaMasker masker) {
        return new ApiDependencies.Security(new Authenticator(users, Clock.systemUTC(), Duration.ofHours(8)), audit,
                new CameraScope(cameraGroups), masker);
    }

    public ApiDependencies.Security security() {
        return security(Map.of(), null);
    }

    /** A session token of a user with this role who sees every camera (named after the role). */
    public String token(Role role) {
        return token(role.wireName() + "1", role, Set.of(User.ALL_GROUPS));
    }

    /** A session token of a new (or existing) user; machine users (ioc) get a machine token. */
    public String token(String name, Role role, Set<String> groups) {
        String token = SessionTokens.newToken();
        Instant now = Instant.now();
        if (role == Role.IOC) {
            users.addApiToken(SessionTokens.hash(token), name, groups, now);
            return token;
        }
        users.add(new User(name, role, groups, now, false), NO_PASSWORD);
        users.addSession(SessionTokens.hash(token), name, now, now.plus(Duration.ofDays(1)));
        return token;
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public RecordedAudit audit() {
        if (audit == null) {
            throw new IllegalStateException("made from a server's user repository: read the server's audit log");
        }
        return audit;
    }

    public UserRepository repository() {
        return users;
    }
}
