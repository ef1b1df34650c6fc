package vn.wardwatch.auth;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.testsupport.StepClock;

/** Logins and tokens against a real H2 file. */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class AuthenticatorTest {

    @Parameter
    Kind kind;

    @TempDir
    Path dir;
    private Database database;
    private UserRepository users;
    private StepClock clock;
    private Authenticator auth;
    private final PasswordHasher hasher = new PasswordHasher(1000);

    @BeforeEach
    void open() {
        database = TestDatabases.open(kind, dir);
        users = new UserRepository(database);
        clock = new StepClock();
        auth = new Authenticator(users, hasher, new LoginThrottle(clock), clock, Duration.ofHours(8));
        users.add(new User("lan", Role.OFFICER, Set.of("center"), clock.instant(), false),
                hasher.hash("lan-password-1".toCharArray()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void goodLoginGivesATokenThatExpiresAfterTheSessionLength() {
        Authenticator.Login login = auth.login("lan", "lan-password-1".toCharArray(), "::1");
        assertTrue(login.ok());
        assertEquals(clock.instant().plus(Duration.ofHours(8)), login.expiresAt());
        assertEquals("lan", auth.authenticate(login.token()).orElseThrow().name());
        clock.advance(Duration.ofHours(8));
        assertTrue(auth.authenticate(login.token()).isEmpty(), "expired");
    }

    @Test
    void tokenIsStoredHashedOnly() throws Exception {
        Authenticator.Login login = auth.login("lan", "lan-password-1".toCharArray(), "::1");
        try (var c = database.connection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT token_hash FROM sessions")) {
            assertTrue(r.next());
            assertEquals(SessionTokens.hash(login.token()), r.getString(1));
        }
    }

    @Test
    void logoutEndsTheSession() {
        Authenticator.Login login = auth.login("lan", "lan-password-1".toCharArray(), "::1");
        auth.logout(login.token());
        assertTrue(auth.authenticate(login.token()).isEmpty());
    }

    @Test
    void disabledUserCannotLoginAndLosesSessions() {
        Authenticator.Login login = auth.login("lan", "lan-password-1".toCharArray(), "::1");
        users.disable("lan");
        assertTrue(auth.authenticate(login.token()).isEmpty());
        assertFalse(auth.login("lan", "lan-password-1".toCharArray(), "::1").ok());
    }

    @Test
    void fiveWrongPasswordsThrottleEvenTheRightOne() {
        for (int i = 0; i < 5; i++) {
            assertFalse(auth.login("lan", "wrong-password".toCharArray(), "10.1.1.1").throttled());
        }
        Authenticator.Login locked = auth.login("lan", "lan-password-1".toCharArray(), "10.9.9.9");
        assertTrue(locked.throttled());
        clock.advance(LoginThrottle.LOCK);
        assertTrue(auth.login("lan", "lan-password-1".toCharArray(), "10.9.9.9").ok());
    }

    @Test
    void unknownUserIsThrottledLikeAKnownOne() {
        for (int i = 0; i < 5; i++) {
            auth.login("ghost", "whatever-pass".toCharArray(), "10.1.1.2");
        }
        assertTrue(auth.login("ghost", "whatever-pass".toCharArray(), "10.1.1.3").throttled());
    }

    @Test
    void machineTokenIsIocUntilRevoked() {
        String token = SessionTokens.newToken();
        users.addApiToken(SessionTokens.hash(token), "ioc-hanoi", Set.of("center"), clock.instant());
        User machine = auth.authenticate(token).orElseThrow();
        assertEquals(Role.IOC, machine.role());
        assertEquals(Set.of("center"), machine.groups());
        assertEquals(1, users.revokeApiTokens("ioc-hanoi"));
        assertTrue(auth.authenticate(token).isEmpty());
    }
}
