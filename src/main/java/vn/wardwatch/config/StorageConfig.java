package vn.wardwatch.config;

import java.nio.file.Path;

/**
 * Where the embedded database and media live.
 *
 * @param databasePassword the H2 user's password, from a secret reference; empty when none is configured. It guards
 *                         the database through H2's own access (a TCP server, the console); the file itself is not
 *                         encrypted, so its permissions still matter.
 */
public record StorageConfig(Path dataDir, String databasePassword) {

    public StorageConfig(Path dataDir) {
        this(dataDir, "");
    }

    /** H2 database file base name (H2 adds {@code .mv.db}). */
    public Path databaseFile() {
        return dataDir.resolve("wardwatch");
    }

    @Override
    public String toString() {
        return "StorageConfig[dataDir=" + dataDir + ", databasePassword="
                + (databasePassword.isEmpty() ? "none" : "***") + "]";
    }
}
