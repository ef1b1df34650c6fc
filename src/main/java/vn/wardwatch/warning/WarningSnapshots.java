package vn.wardwatch.warning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.Optional;
import vn.wardwatch.util.DurableFiles;

/**
 * Snapshot pictures of warnings under {@code <data dir>/warnings/<camera>/<local date>/<id>.jpg}, written to a
 * temporary file, forced to disk and renamed, so a row never points at half a JPEG.
 */
public final class WarningSnapshots {

    static final String DIRECTORY = "warnings";

    private final Path dataDir;
    /** Issue 8: snapshots are skipped while the disk is low; null when unguarded. */
    private volatile vn.wardwatch.disk.DiskGuard guard;

    public WarningSnapshots(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Skips snapshots (the warning is still stored, without one) while the guard says the disk is low. */
    public void guardSpace(vn.wardwatch.disk.DiskGuard guard) {
        this.guard = guard;
    }

    /** Writes one JPEG; returns its path relative to the data directory. */
    public String write(Warning w, ZoneOffset offset, byte[] jpeg) throws IOException {
        vn.wardwatch.disk.DiskGuard g = guard;
        if (g != null) {
            g.checkMediaWrite("snapshot of warning " + w.id());
        }
        Path dir = dataDir.resolve(DIRECTORY).resolve(w.cameraId())
                .resolve(w.raisedAt().atOffset(offset).toLocalDate().toString());
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".snapshot-", ".tmp");
        try {
            DurableFiles.write(temp, jpeg);
            Path file = dir.resolve(w.id() + ".jpg"); // ids are UUIDs: never taken
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return dataDir.relativize(file).toString().replace('\\', '/');
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file of a stored snapshot path, if it exists and lies under the warnings directory. */
    public Optional<Path> resolve(String snapshotFile) {
        if (snapshotFile == null) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(snapshotFile).normalize();
        if (!file.startsWith(dataDir.resolve(DIRECTORY)) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

}
