package vn.wardwatch.config;

import java.nio.file.Path;

/**
 * Where the embedded database and media live, and the disk guard's thresholds (issue 8).
 *
 * @param minFreeGb         below this much free space on the data volume, non-evidence media (recordings, plate
 *                          crops, warning snapshots) stops and a disk_low warning is raised
 * @param evidenceReserveGb below this much free space, new evidence packages are refused too
 * @param databasePassword  the H2 user's password, from a secret reference; empty when none is configured. It
 *                          guards the database through H2's own access (a TCP server, the console); the file itself
 *                          is not encrypted, so its permissions still matter. On PostgreSQL, the server user's.
 * @param database          {@link #H2} (the embedded file, default) or {@link #POSTGRESQL}
 * @param url               PostgreSQL only: {@code jdbc:postgresql://host:port/name}; null for H2
 * @param user              PostgreSQL only: the user to connect as; null for H2
 */
public record StorageConfig(Path dataDir, double minFreeGb, double evidenceReserveGb, String databasePassword,
                            String database, String url, String user) {

    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    /** The embedded H2 database. */
    public StorageConfig(Path dataDir, double minFreeGb, double evidenceReserveGb, String databasePassword) {
        this(dataDir, minFreeGb, evidenceReserveGb, databasePassword, H2, null, null);
    }

    public boolean postgresql() {
        return POSTGRESQL.equals(database);
    }

    public static final double DEFAULT_MIN_FREE_GB = 2;
    public static final double DEFAULT_EVIDENCE_RESERVE_GB = 0.5;

    /** With the default disk guard thresholds. */
    public StorageConfig(Path dataDir) {
        this(dataDir, DEFAULT_MIN_FREE_GB, DEFAULT_EVIDENCE_RESERVE_GB, "");
    }

    /** H2 database file base name (H2 adds {@code .mv.db}). */
    public Path databaseFile() {
        return dataDir.resolve("wardwatch");
    }

    public long minFreeBytes() {
        return (long) (minFreeGb * 1e9);
    }

    public long evidenceReserveBytes() {
        return (long) (evidenceReserveGb * 1e9);
    }

    @Override
    public String toString() {
        return "StorageConfig[dataDir=" + dataDir + ", minFreeGb=" + minFreeGb + ", evidenceReserveGb="
                + evidenceReserveGb + ", databasePassword="
                + (databasePassword.isEmpty() ? "none" : "***") + ", database=" + database
                + (postgresql() ? ", url=" + url + ", user=" + user : "") + "]";
    }
}
