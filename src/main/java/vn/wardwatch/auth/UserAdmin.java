package vn.wardwatch.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import vn.wardwatch.audit.AuditTrail;

/**
 * What {@code wardwatch users ...} does, without the command line: add, list, disable, change a password, create and
 * revoke machine tokens. Every change is written to the audit trail. Errors say what is wrong and how to fix it.
 */
public final class UserAdmin {

    public static final int MIN_PASSWORD = 12;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AuditTrail audit;
    private final Set<String> knownGroups;
    private final Clock clock;
    private final String actor;

    /**
     * @param knownGroups the configured {@code camera_groups} names
     * @param actor       who runs the command, for the audit trail
     */
    public UserAdmin(UserRepository users, PasswordHasher hasher, AuditTrail audit, Set<String> knownGroups,
                     Clock clock, String actor) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.knownGroups = Set.copyOf(knownGroups);
        this.clock = clock;
        this.actor = actor;
    }

    public void add(String name, String roleText, String groupsText, char[] password) {
        checkName(name);
        Role role = Role.fromWireName(roleText).orElseThrow(() -> new IllegalArgumentException("unknown role '"
                + roleText + "' (expected one of: admin, officer, coordinator)"));
        if (role == Role.IOC) {
            throw new IllegalArgumentException("role ioc is for machine tokens: use 'users token " + name
                    + " --groups ...' instead");
        }
        Set<String> groups = groups(groupsText, role == Role.ADMIN);
        checkPassword(password);
        User user = new User(name, role, groups, clock.instant(), false);
        if (!users.add(user, hasher.hash(password))) {
            throw new IllegalArgumentException("user '" + name + "' exists already (use 'users passwd " + name
                    + "' to change the password)");
        }
        audit.record(actor, "user.added", "user:" + name, "{\"role\":\"" + role.wireName() + "\",\"groups\":\""
                + UserRepository.join(groups) + "\"}");
    }

    /** One line per user and per machine token; never a password hash or a token. */
    public List<String> list() {
        List<String> lines = new ArrayList<>();
        for (User u : users.list()) {
            lines.add(String.format("%-24s %-12s groups=%-20s created=%s%s", u.name(), u.role().wireName(),
                    UserRepository.join(u.groups()), u.createdAt(), u.disabled() ? " DISABLED" : ""));
        }
        for (UserRepository.ApiToken t : users.apiTokens()) {
            lines.add(String.format("%-24s %-12s groups=%-20s created=%s%s", t.name(), "ioc-token",
                    UserRepository.join(t.groups()), t.createdAt(), t.revoked() ? " REVOKED" : ""));
        }
        return lines;
    }

    public void disable(String name) {
        if (!users.disable(name)) {
            throw new IllegalArgumentException("no user '" + name + "' (see 'users list')");
        }
        audit.record(actor, "user.disabled", "user:" + name, "");
    }

    public void passwd(String name, char[] password) {
        checkPassword(password);
        if (!users.setPassword(name, hasher.hash(password))) {
            throw new IllegalArgumentException("no user '" + name + "' (see 'users list')");
        }
        audit.record(actor, "user.password_changed", "user:" + name, "");
    }

    /** Creates a machine token (role ioc) and returns it: it is shown once, only its hash is kept. */
    public String token(String name, String groupsText) {
        checkName(name);
        Set<String> groups = groups(groupsText, false);
        String token = SessionTokens.newToken();
        users.addApiToken(SessionTokens.hash(token), name, groups, clock.instant());
        audit.record(actor, "user.token_created", "token:" + name, "{\"groups\":\"" + UserRepository.join(groups)
                + "\"}");
        return token;
    }

    public int revokeToken(String name) {
        int revoked = users.revokeApiTokens(name);
        if (revoked == 0) {
            throw new IllegalArgumentException("no valid machine token named '" + name + "' (see 'users list')");
        }
        audit.record(actor, "user.token_revoked", "token:" + name, "{\"count\":" + revoked + "}");
        return revoked;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid name '" + name + "': 1 to 64 characters of a-z, 0-9, '.', '_'"
                    + " and '-', starting with a letter or digit");
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("empty password: type it on standard input (one line)");
        }
        if (password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("password too short: " + password.length + " characters, at least "
                    + MIN_PASSWORD + " needed");
        }
    }

    private Set<String> groups(String text, boolean defaultAll) {
        if (text == null || text.isBlank()) {
            if (defaultAll) {
                return Set.of(User.ALL_GROUPS);
            }
            throw new IllegalArgumentException("--groups is required: camera groups from camera_groups in the config ("
                    + String.join(", ", knownGroups) + "), or '*' for every camera");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String g : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!g.equals(User.ALL_GROUPS) && !knownGroups.contains(g)) {
                throw new IllegalArgumentException("unknown camera group '" + g + "' (configured under camera_groups: "
                        + (knownGroups.isEmpty() ? "none" : String.join(", ", knownGroups))
                        + "; '*' means every camera)");
            }
            groups.add(g);
        }
        return groups;
    }
}
