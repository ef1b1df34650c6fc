package vn.wardwatch.storage;

/** A database operation failed; the message says which and where. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
