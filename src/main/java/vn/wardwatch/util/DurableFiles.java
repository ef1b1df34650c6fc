package vn.wardwatch.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Writes that are on disk when they return: evidence and the files database rows point to must survive a crash. */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** Writes all of {@code data} to {@code path} (opened with {@code options} plus WRITE), then forces it to disk. */
    public static void write(Path path, byte[] data, OpenOption... options) throws IOException {
        OpenOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = StandardOpenOption.WRITE;
        try (FileChannel out = FileChannel.open(path, all)) {
            writeAll(out, ByteBuffer.wrap(data));
            out.force(true);
        }
    }

    /** A channel may write less than asked: loop until the buffer is empty. */
    public static void writeAll(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** fsync of a directory, so that the names in it survive a power cut (Linux; elsewhere a no-op attempt). */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
                throw e;
            }
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
