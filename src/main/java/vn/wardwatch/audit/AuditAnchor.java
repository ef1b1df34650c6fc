package vn.wardwatch.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import vn.wardwatch.util.DurableFiles;

/**
 * The audit chain's head (latest seq and hash) in a small file, {@code <data_dir>/audit.anchor}. The chain alone
 * proves that nothing inside it was altered or removed, but not that its newest entries were not cut off: the anchor
 * does. It is only as good as its copy out of reach of whoever could edit the database, so ship it off the box (backup,
 * log shipper) with every change.
 *
 * <p>Format: two lines, {@code seq=N} and {@code hash=HEX}. Written to a temporary file, forced, then renamed over
 * the old one, so a reader never sees half an anchor.
 */
public final class AuditAnchor {

    public static final String FILE_NAME = "audit.anchor";

    /** The head the anchor holds. */
    public record Head(long seq, String hash) {
    }

    private final Path file;

    public AuditAnchor(Path file) {
        this.file = file;
    }

    /** The anchor of a data directory. */
    public static AuditAnchor in(Path dataDir) {
        return new AuditAnchor(dataDir.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    public void write(long seq, String hash) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".audit-anchor-", ".tmp");
        try {
            DurableFiles.write(temp, ("seq=" + seq + "\nhash=" + hash + "\n").getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The head, or empty when there is no anchor file.
     *
     * @throws IOException when it cannot be read or is not in the anchor format (the message names the file)
     */
    public Optional<Head> read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Long seq = null;
        String hash = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("seq=")) {
                try {
                    seq = Long.parseLong(line.substring(4).strip());
                } catch (NumberFormatException e) {
                    seq = null;
                }
            } else if (line.startsWith("hash=")) {
                hash = line.substring(5).strip();
            }
        }
        if (seq == null || hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IOException("audit anchor " + file.toAbsolutePath() + " is not in the seq=/hash= format");
        }
        return Optional.of(new Head(seq, hash));
    }
}
