package vn.wardwatch.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import vn.wardwatch.util.DurableFiles;

/**
 * Masked copies of evidence files, kept in one directory ({@code <evidence root>/.masked}) under the SHA-256 of the
 * original: the same original is masked once, and a changed original (it never should) gets a new copy. Each copy is
 * written beside its final name and renamed into place, so a reader sees a whole copy or none.
 */
final class MaskedMediaCache {

    /** Writes a masked copy to the (temporary) path given. */
    interface Producer {
        void write(Path target) throws IOException;
    }

    private final Path dir;

    MaskedMediaCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    /** The cached copy named {@code name}, if it exists. */
    Path existing(String name) {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? p : null;
    }

    /** Makes the copy named {@code name} with {@code producer} and moves it into place; returns its path. */
    Path create(String name, Producer producer) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        String ext = name.substring(name.lastIndexOf('.'));
        Path temp = Files.createTempFile(dir, "." + name + ".tmp-", ext);
        try {
            producer.write(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            DurableFiles.forceDirectory(dir);
            return target;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Deletes the copies whose names start with {@code prefix} (the original's SHA-256); returns how many. */
    int deleteStartingWith(String prefix) throws IOException {
        return delete(p -> p.getFileName().toString().startsWith(prefix));
    }

    /** Deletes the copies last written before {@code cutoff} (they are remade on demand); returns how many. */
    int deleteOlderThan(Instant cutoff) throws IOException {
        return delete(p -> {
            try {
                return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
            } catch (IOException e) {
                return false; // gone meanwhile
            }
        });
    }

    private int delete(Predicate<Path> which) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> doomed;
        try (Stream<Path> files = Files.list(dir)) {
            doomed = files.filter(Files::isRegularFile).filter(which).toList();
        }
        int n = 0;
        for (Path p : doomed) {
            if (Files.deleteIfExists(p)) {
                n++;
            }
        }
        return n;
    }

    /** Hex SHA-256 of a file's bytes, read in chunks (clips can be large). */
    static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                sha.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
