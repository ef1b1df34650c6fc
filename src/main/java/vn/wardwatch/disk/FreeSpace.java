package vn.wardwatch.disk;

import java.io.IOException;
import java.nio.file.Path;

/** Free space on the volume holding a path; injectable so tests can play a filling disk. */
public interface FreeSpace {

    /** Bytes this process may still write on the volume of {@code path}. */
    long usableBytes(Path path) throws IOException;

    /** The real thing: {@link java.nio.file.FileStore#getUsableSpace()}. */
    FreeSpace REAL = path -> java.nio.file.Files.getFileStore(path).getUsableSpace();
}
