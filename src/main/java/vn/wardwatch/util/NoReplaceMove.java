package vn.wardwatch.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A move that never replaces what is at the target, even when another process moves a file to the same name at the
 * same moment: {@code Files.move} with {@code ATOMIC_MOVE} is rename(2), which replaces silently on POSIX, and a
 * check before it is a race on a shared directory. A hard link fails atomically when the name exists (link(2),
 * also on NFS); then the source name is removed.
 */
public final class NoReplaceMove {

    private NoReplaceMove() {
    }

    /**
     * Moves {@code source} to {@code target}.
     *
     * @throws FileAlreadyExistsException when {@code target} exists (the source is left where it was)
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // A file system without hard links (vfat, some FUSE and SMB mounts answer EPERM): the checked move, not
            // atomic against another process but never replacing a file it sees.
            Files.move(source, target);
            return;
        }
        Files.delete(source);
    }
}
