package vn.wardwatch.config;

/**
 * One problem found in a configuration file.
 *
 * @param path    where in the YAML tree, e.g. {@code cameras.gate1.geometry.lines[0].points}; empty for problems
 *                with the document as a whole (unreadable file, YAML syntax)
 * @param message what is wrong; never contains secret values
 */
public record ConfigError(String path, String message) {

    /** {@code path: message}, or just the message for document-level problems. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
