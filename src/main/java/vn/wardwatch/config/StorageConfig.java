package vn.wardwatch.config;

import java.nio.file.Path;

/** Where the embedded database and media live. */
public record StorageConfig(Path dataDir) {

    /** H2 database file base name (H2 adds {@code .mv.db}). */
    public Path databaseFile() {
        return dataDir.resolve("wardwatch");
    }
}
