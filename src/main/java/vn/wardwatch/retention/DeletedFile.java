package vn.wardwatch.retention;

/**
 * A file about to be deleted, as its deletion record keeps it.
 *
 * @param path   relative to the data directory (or the evidence root for evidence)
 * @param sha256 lower-case hex of its content when it was deleted
 */
public record DeletedFile(String path, String sha256, long bytes) {
}
