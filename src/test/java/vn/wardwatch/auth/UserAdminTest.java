package vn.wardwatch.auth;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.audit.AuditEntry;
import vn.wardwatch.testsupport.RecordedAudit;
import vn.wardwatch.storage.jdbc.Database;

/** The logic of {@code wardwatch users ...} against a real database, with the audit trail kept in memory. */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class UserAdminTest {

    @Parameter
    Kind kind;

    @TempDir
    Path dir;
    private Database database;
    private UserRepository users;
    private RecordedAudit audit;
    private UserAdmin admin;
    private final PasswordHasher hasher = new PasswordHasher(1000);

    @BeforeEach
    void open() {
        database = TestDatabases.open(kind, dir);
        users = new UserRepository(database);
        audit = new RecordedAudit(database);
        admin = new UserAdmin(users, hasher, audit, Set.of("center", "north"), Clock.systemUTC(), "cli:test");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void addedUserCanLogInAndIsAudited() {
        admin.add("lan", "officer", "center,north", "a-good-password".toCharArray());
        User lan = users.find("lan").orElseThrow();
        assertEquals(Role.OFFICER, lan.role());
        assertEquals(Set.of("center", "north"), lan.groups());
        Authenticator auth = new Authenticator(users, hasher, new LoginThrottle(Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofHours(8));
        assertTrue(auth.login("lan", "a-good-password".toCharArray(), "::1").ok());
        AuditEntry added = audit.withAction("user.added").get(0);
        assertEquals("cli:test", added.actor());
        assertEquals("user:lan", added.target());
        assertFalse(added.detail().contains("a-good-password"));
    }

    @Test
    void shortOrEmptyPasswordsAreRefusedWithTheReason() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> admin.add("lan", "officer", "*", new char[0]));
        assertTrue(empty.getMessage().contains("empty password"), empty.getMessage());
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> admin.add("lan", "officer", "*", "elevenchars".toCharArray()));
        assertTrue(shortOne.getMessage().contains("at least 12"), shortOne.getMessage());
        assertTrue(users.find("lan").isEmpty());
    }

    @Test
    void unknownRoleGroupOrDuplicateNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> admin.add("lan", "boss", "*", "a-good-password".toCharArray()));
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> admin.add("lan", "officer", "south", "a-good-password".toCharArray()));
        assertTrue(group.getMessage().contains("south") && group.getMessage().contains("center"), group.getMessage());
        assertThrows(IllegalArgumentException.class, () -> admin.add("lan", "officer", null,
                "a-good-password".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> admin.add("bot", "ioc", "*", "a-good-password".toCharArray()));
        admin.add("root", "admin", null, "a-good-password".toCharArray());
        assertEquals(Set.of("*"), users.find("root").orElseThrow().groups());
        assertThrows(IllegalArgumentException.class, () -> admin.add("root", "admin", null,
                "another-password".toCharArray()));
    }

    @Test
    void disablePasswdAndTokensAreAuditedAndListedWithoutSecrets() {
        admin.add("lan", "coordinator", "north", "a-good-password".toCharArray());
        admin.passwd("lan", "another-password".toCharArray());
        String token = admin.token("ioc-hanoi", "center");
        assertEquals(Role.IOC, users.apiTokenUser(SessionTokens.hash(token)).orElseThrow().role());
        admin.disable("lan");
        assertEquals(1, admin.revokeToken("ioc-hanoi"));
        assertTrue(users.apiTokenUser(SessionTokens.hash(token)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> admin.revokeToken("ioc-hanoi"));
        assertThrows(IllegalArgumentException.class, () -> admin.disable("ghost"));
        List<String> actions = audit.entries().stream().map(AuditEntry::action).toList();
        assertEquals(List.of("user.added", "user.password_changed", "user.token_created", "user.disabled",
                "user.token_revoked"), actions);
        String listing = String.join("\n", admin.list());
        assertTrue(listing.contains("lan") && listing.contains("DISABLED") && listing.contains("REVOKED"), listing);
        assertFalse(listing.contains(token) || listing.contains("pbkdf2"), listing);
    }
}
