package vn.wardwatch.storage.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.StorageConfig;
import vn.wardwatch.storage.StorageException;

/**
 * The database, migrated with Flyway when opened: the embedded H2 file (default) or a PostgreSQL server
 * ({@code storage.database: postgresql}). The repositories ask {@link #postgresql()} where the two speak different SQL.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String USER = "wardwatch";
    /** Migrations both databases take as they are, plus each vendor's own SQL where it must differ (db/README.md). */
    private static final String[] H2_MIGRATIONS = {"classpath:db/common", "classpath:db/h2"};
    private static final String[] POSTGRESQL_MIGRATIONS = {"classpath:db/common", "classpath:db/postgresql"};

    private final String url;
    private final String password;
    private final Path file;
    private volatile JdbcConnectionPool pool;
    /** Set instead of {@link #pool} on PostgreSQL. */
    private final HikariDataSource postgres;
    private volatile boolean closed;

    private Database(String url, String password, JdbcConnectionPool pool, Path file) {
        this.url = url;
        this.password = password;
        this.pool = pool;
        this.file = file;
        this.postgres = null;
    }

    private Database(String url, HikariDataSource postgres) {
        this.url = url;
        this.password = "";
        this.pool = null;
        this.file = null;
        this.postgres = postgres;
    }

    /**
     * Connects to the PostgreSQL database at {@code url} ({@code jdbc:postgresql://host:port/name}) and migrates it
     * with the shared migrations and PostgreSQL's own versions ({@link #POSTGRESQL_MIGRATIONS}).
     */
    public static Database openPostgreSQL(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new StorageException("PostgreSQL URL must start with jdbc:postgresql:, got " + url, null);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("wardwatch-postgresql");
        config.setMaximumPoolSize(16);
        // Fail at open, naming the server, rather than at the first write.
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to PostgreSQL " + url + " as " + user + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(ds).locations(POSTGRESQL_MIGRATIONS).outOfOrder(true).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StorageException("cannot migrate PostgreSQL database " + url + ": " + e.getMessage(), e);
        }
        return new Database(url, ds);
    }

    /** True on PostgreSQL, false on H2. */
    public boolean postgresql() {
        return postgres != null;
    }

    /** Opens the database {@code storage} configures: the H2 file under data_dir, or the PostgreSQL server. */
    public static Database open(StorageConfig storage) {
        return storage.postgresql()
                ? openPostgreSQL(storage.url(), storage.user(), storage.databasePassword())
                : open(storage.databaseFile(), storage.databasePassword());
    }

    /** Opens (creating if needed) the database at {@code fileBase} (H2 adds {@code .mv.db}) and migrates it. */
    public static Database open(Path fileBase) {
        return open(fileBase, "");
    }

    /**
     * As {@link #open(Path)}, as the user {@code wardwatch} with this password. H2 fixes the password when it creates
     * the file: an existing database made without one refuses a new one (set it with {@code ALTER USER}).
     */
    public static Database open(Path fileBase, String password) {
        Path absolute = fileBase.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create database directory " + absolute.getParent() + ": "
                    + e.getMessage(), e);
        }
        // H2 must not close itself at JVM shutdown: our shutdown hook still writes the last minute's counts and
        // camera states.
        String url = "jdbc:h2:file:" + absolute + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, password);
        try {
            // outOfOrder: V5 (warnings) was numbered while V4 (the push outbox) was written on another branch; a
            // database that reached V5 first would otherwise refuse V4 ("resolved migration not applied").
            Flyway.configure().dataSource(pool).locations(H2_MIGRATIONS).outOfOrder(true).load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new StorageException("cannot open or migrate database " + absolute + ".mv.db: " + e.getMessage(), e);
        }
        return new Database(url, password, pool, absolute);
    }

    /** The pool as it is now; prefer {@link #connection()}, which replaces a pool whose database H2 closed. */
    public DataSource dataSource() {
        return postgres != null ? postgres : pool;
    }

    public Connection connection() throws SQLException {
        if (postgres != null) {
            return postgres.getConnection(); // the server outlives a failed write: no reopening
        }
        JdbcConnectionPool current = pool;
        try {
            Connection c = current.getConnection();
            if (closed || answers(c)) {
                return c;
            }
            c.close();
        } catch (SQLException e) {
            if (closed || e.getErrorCode() != ErrorCode.DATABASE_IS_CLOSED) {
                throw e;
            }
        } catch (IllegalStateException disposed) {
            if (closed) {
                throw disposed;
            }
            return pool.getConnection(); // another thread replaced the pool meanwhile
        }
        // H2 closes the whole database after a failed write (disk full, I/O error), but the pool's idle sessions
        // keep it registered, closed, and every new connection then fails too: nothing would be stored again
        // until a restart (faults/StorageUnwritableFaultTest). A new pool opens the file again, or says why not.
        return reopen(current).getConnection();
    }

    /**
     * Writes what {@code c} has committed to the file now. H2 writes commits from a background thread up to 500 ms
     * later (WRITE_DELAY), so a JVM killed meanwhile lost committed violation rows, leaving signed packages no row
     * points at (faults/JvmKilledDuringEvidenceFaultTest). For enforcement and audit rows only: WRITE_DELAY=0 for everything
     * also stops H2's background housekeeping, and the file grew by about 13 KB per commit (110 MB in 75 s).
     */
    public static void flush(Connection c) throws SQLException {
        if (c.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
            return; // a PostgreSQL commit is on disk (WAL fsync) when it returns
        }
        try (var s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /**
     * On PostgreSQL, waits for the advisory lock named {@code name} and holds it until {@code c}'s transaction ends
     * (call with auto-commit off), so that several api nodes sharing the database run a find-then-insert on the same
     * thing one at a time. On H2 (one process's file) nothing: the callers serialise in the JVM.
     */
    public static void lockForTransaction(Connection c, String name) throws SQLException {
        if (!c.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
            return;
        }
        try (var s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            s.setString(1, name);
            s.executeQuery().close();
        }
    }

    /** A trivial query: H2 keeps the sessions of a database it closed, and only a statement tells. */
    private static boolean answers(Connection c) {
        try (var s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private synchronized JdbcConnectionPool reopen(JdbcConnectionPool dead) {
        if (pool == dead && !closed) {
            LOG.warn("database {}.mv.db was closed by H2 after a failed write; opening it again", file);
            pool = JdbcConnectionPool.create(url, USER, password);
            dead.dispose();
        }
        return pool;
    }

    /** True when a trivial query answers; used by readiness. */
    public boolean isHealthy() {
        try (Connection c = connection(); var s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /** The H2 file base; null on PostgreSQL. */
    public Path file() {
        return file;
    }

    /** Where the data is, for messages: the H2 file or the PostgreSQL URL. */
    public String describe() {
        return postgres != null ? url : file + ".mv.db";
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (postgres != null) {
            postgres.close();
        } else {
            pool.dispose();
        }
    }
}
