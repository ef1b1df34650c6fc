package vn.wardwatch.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.wardwatch.storage.StorageException;
import vn.wardwatch.storage.jdbc.Database;

/** Users, sessions and machine tokens in the tables of V8. Tokens are looked up by their SHA-256 only. */
public final class UserRepository {

    /** A user with the stored password hash, for the login check only. */
    public record Credentials(User user, String passwordHash) {
    }

    /** One machine token as {@code users list} shows it (never the token itself). */
    public record ApiToken(String name, Role role, Set<String> groups, Instant createdAt, boolean revoked) {
    }

    private static final String USER_COLUMNS = "name, role, groups, created_at, disabled";

    private final Database database;

    public UserRepository(Database database) {
        this.database = database;
    }

    /** Adds a user; false when the name is taken. */
    public boolean add(User user, String passwordHash) {
        if (find(user.name()).isPresent()) {
            return false;
        }
        update("add user " + user.name(), "INSERT INTO users (name, role, groups, password_hash, created_at, disabled)"
                + " VALUES (?, ?, ?, ?, ?, ?)", user.name(), user.role().wireName(), join(user.groups()), passwordHash,
                utc(user.createdAt()), user.disabled());
        return true;
    }

    public Optional<User> find(String name) {
        return credentials(name).map(Credentials::user);
    }

    public Optional<Credentials> credentials(String name) {
        String sql = "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE name = ?";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Credentials(user(r), r.getString("password_hash")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read user " + name + ": " + e.getMessage(), e);
        }
    }

    public List<User> list() {
        String sql = "SELECT " + USER_COLUMNS + " FROM users ORDER BY name";
        List<User> out = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(user(r));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot list users: " + e.getMessage(), e);
        }
    }

    public int countUsers() {
        return list().size();
    }

    /** Disables a user and ends their sessions; false when there is no such user. */
    public boolean disable(String name) {
        boolean found = update("disable user " + name, "UPDATE users SET disabled = TRUE WHERE name = ?", name) > 0;
        endSessions(name);
        return found;
    }

    /** Sets a new password hash and ends the user's sessions; false when there is no such user. */
    public boolean setPassword(String name, String passwordHash) {
        boolean found = update("change the password of " + name, "UPDATE users SET password_hash = ? WHERE name = ?",
                passwordHash, name) > 0;
        endSessions(name);
        return found;
    }

    public void addSession(String tokenHash, String userName, Instant createdAt, Instant expiresAt) {
        update("store a session of " + userName, "INSERT INTO sessions (token_hash, user_name, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?)", tokenHash, userName, utc(createdAt), utc(expiresAt));
    }

    /** The enabled user of a session that has not expired at {@code now}. */
    public Optional<User> sessionUser(String tokenHash, Instant now) {
        String sql = "SELECT u.name, u.role, u.groups, u.created_at, u.disabled FROM sessions s"
                + " JOIN users u ON u.name = s.user_name"
                + " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = FALSE";
        return oneUser(sql, tokenHash, utc(now));
    }

    public void endSession(String tokenHash) {
        update("end a session", "DELETE FROM sessions WHERE token_hash = ?", tokenHash);
    }

    /** Sessions past their expiry are of no use; called now and then. */
    public int deleteExpiredSessions(Instant now) {
        return update("delete expired sessions", "DELETE FROM sessions WHERE expires_at <= ?", utc(now));
    }

    private void endSessions(String userName) {
        update("end the sessions of " + userName, "DELETE FROM sessions WHERE user_name = ?", userName);
    }

    public void addApiToken(String tokenHash, String name, Set<String> groups, Instant createdAt) {
        update("store machine token " + name, "INSERT INTO api_tokens (token_hash, name, role, groups, created_at,"
                + " revoked) VALUES (?, ?, ?, ?, ?, FALSE)", tokenHash, name, Role.IOC.wireName(), join(groups),
                utc(createdAt));
    }

    /** Revokes every token of that name; returns how many were still valid. */
    public int revokeApiTokens(String name) {
        return update("revoke machine token " + name,
                "UPDATE api_tokens SET revoked = TRUE WHERE name = ? AND revoked = FALSE", name);
    }

    /** The machine user of a token that is not revoked. */
    public Optional<User> apiTokenUser(String tokenHash) {
        String sql = "SELECT name, role, groups, created_at, revoked AS disabled FROM api_tokens"
                + " WHERE token_hash = ? AND revoked = FALSE";
        return oneUser(sql, tokenHash);
    }

    public List<ApiToken> apiTokens() {
        String sql = "SELECT name, role, groups, created_at, revoked FROM api_tokens ORDER BY name, created_at";
        List<ApiToken> out = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new ApiToken(r.getString("name"), role(r.getString("role")), split(r.getString("groups")),
                        r.getObject("created_at", OffsetDateTime.class).toInstant(), r.getBoolean("revoked")));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("cannot list machine tokens: " + e.getMessage(), e);
        }
    }

    private Optional<User> oneUser(String sql, Object... args) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("cannot look up a token: " + e.getMessage(), e);
        }
    }

    private int update(String what, String sql, Object... args) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static User user(ResultSet r) throws SQLException {
        return new User(r.getString("name"), role(r.getString("role")), split(r.getString("groups")),
                r.getObject("created_at", OffsetDateTime.class).toInstant(), r.getBoolean("disabled"));
    }

    private static Role role(String text) {
        return Role.fromWireName(text).orElseThrow(() -> new StorageException("the users table holds an unknown role '"
                + text + "' (expected one of: " + Role.wireNames() + ")", null));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    static String join(Set<String> groups) {
        return String.join(",", groups.stream().sorted().toList());
    }

    static Set<String> split(String text) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
