package vn.wardwatch.config;

import java.util.List;

/**
 * A configuration could not be loaded. Carries every problem found, not just the first, so that an operator can fix
 * them all in one go. Unchecked: a bad configuration is fatal at startup and there is nothing to recover.
 */
public class ConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public ConfigException(String sourceName, List<ConfigError> errors) {
        super(format(sourceName, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    // First line names the source; then one "path: message" line per error.
    private static String format(String sourceName, List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder()
                .append("invalid configuration ").append(sourceName).append(" (")
                .append(errors.size()).append(errors.size() == 1 ? " error):" : " errors):");
        for (ConfigError e : errors) {
            sb.append('\n').append(e);
        }
        return sb.toString();
    }
}
