package vn.wardwatch.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes files after their deletion record is written: each is first renamed to {@code <name>.deleting}, then
 * deleted. A crash in between leaves a {@code .deleting} file that is easy to find and matches its record's hash.
 */
final class FileRemoval {

    static final String SUFFIX = ".deleting";

    private FileRemoval() {
    }

    /** Every regular file under {@code dir} (none when it does not exist), sorted. */
    static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** @throws IOException naming the file that could not be renamed or deleted */
    static void remove(List<Path> files) throws IOException {
        for (Path f : files) {
            Path doomed = f;
            if (!f.getFileName().toString().endsWith(SUFFIX)) {
                doomed = f.resolveSibling(f.getFileName() + SUFFIX);
                try {
                    Files.move(f, doomed, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new IOException("cannot rename " + f + " to " + doomed.getFileName() + ": " + e, e);
                }
            }
            try {
                Files.deleteIfExists(doomed);
            } catch (IOException e) {
                throw new IOException("cannot delete " + doomed + ": " + e, e);
            }
        }
    }

    /** Removes {@code dir} and its (now empty) subdirectories; a directory still holding files stays. */
    static void removeEmptyDirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isDirectory).forEach(dirs::add);
        }
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path d : dirs) {
            try (Stream<Path> left = Files.list(d)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(d);
                }
            }
        }
    }
}
