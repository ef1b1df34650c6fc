package vn.wardwatch.evidence;

import java.nio.file.Path;

/** A signing or verification key file that is missing, unreadable or not an Ed25519 key; the message names it. */
public final class KeyFileException extends RuntimeException {

    private final Path file;

    public KeyFileException(Path file, String problem, Throwable cause) {
        super("key file " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
