package vn.wardwatch.storage.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import vn.wardwatch.storage.StorageException;

/** The embedded H2 database file, migrated with Flyway when opened. */
public final class Database implements AutoCloseable {

    private final JdbcConnectionPool pool;
    private final Path file;

    private Database(JdbcConnectionPool pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    /** Opens (creating if needed) the database at {@code fileBase} (H2 adds {@code .mv.db}) and migrates it. */
    public static Database open(Path fileBase) {
        Path absolute = fileBase.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (java.io.IOException e) {
            throw new StorageException("cannot create database directory " + absolute.getParent() + ": "
                    + e.getMessage(), e);
        }
        // H2 must not close itself at JVM shutdown: our shutdown hook still writes the last minute's counts and
        // camera states. WRITE_DELAY=0: a commit is written to the file before it returns; H2's default (up to
        // 500 ms later, from a background thread) lost committed violation rows when the JVM was killed
        // (faults/JvmKilledDuringEvidenceFaultTest), leaving signed packages that no row points at.
        String url = "jdbc:h2:file:" + absolute + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "wardwatch", "");
        try {
            // outOfOrder: V5 (warnings) was numbered while V4 (the push outbox) was written on another branch; a
            // database that reached V5 first would otherwise refuse V4 ("resolved migration not applied").
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").outOfOrder(true).load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new StorageException("cannot open or migrate database " + absolute + ".mv.db: " + e.getMessage(), e);
        }
        return new Database(pool, absolute);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** True when a trivial query answers; used by readiness. */
    public boolean isHealthy() {
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
