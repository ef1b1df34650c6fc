package vn.wardwatch.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import vn.wardwatch.util.DurableFiles;

/**
 * Plate crop images under {@code <data dir>/plates/<camera>/<local date>/}. A crop is written to a temporary file,
 * forced to disk and renamed, so a crash never leaves half a JPEG under a name a database row points to.
 */
public final class PlateCropStore {

    static final String DIRECTORY = "plates";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss-SSS");

    private final Path dataDir;
    /** Issue 8: crops are skipped while the disk is low; null when unguarded. */
    private volatile vn.wardwatch.disk.DiskGuard guard;

    public PlateCropStore(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Skips crops (the row is still stored, without one) while the guard says the disk is low. */
    public void guardSpace(vn.wardwatch.disk.DiskGuard guard) {
        this.guard = guard;
    }

    /**
     * Writes one JPEG; returns its path relative to the data directory ({@code plates/cam/2026-11-22/...jpg}).
     *
     * @throws IOException when the disk is full, read-only or the directory cannot be made
     */
    public String write(String cameraId, Instant at, ZoneOffset offset, long trackId, byte[] jpeg)
            throws IOException {
        vn.wardwatch.disk.DiskGuard g = guard;
        if (g != null) {
            g.checkMediaWrite("plate crop of camera " + cameraId + " track " + trackId);
        }
        var local = at.atOffset(offset);
        Path dir = dataDir.resolve(DIRECTORY).resolve(cameraId).resolve(local.toLocalDate().toString());
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".crop-", ".tmp");
        try {
            DurableFiles.write(temp, jpeg);
            // Never replaces: a crop a row already points to stays what it was. (An atomic rename would replace
            // silently; one writer thread per camera directory makes the check safe.)
            String base = TIME.format(local) + "-track" + trackId;
            Path file = dir.resolve(base + ".jpg");
            for (int n = 1; Files.exists(file); n++) {
                if (n > 99) {
                    throw new FileAlreadyExistsException(file.toString());
                }
                file = dir.resolve(base + "-" + n + ".jpg");
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return dataDir.relativize(file).toString().replace('\\', '/');
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file of a stored crop path, if it exists and lies under the plates directory. */
    public Optional<Path> resolve(String cropFile) {
        if (cropFile == null) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(cropFile).normalize();
        if (!file.startsWith(dataDir.resolve(DIRECTORY)) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
