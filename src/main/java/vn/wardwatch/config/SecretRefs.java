package vn.wardwatch.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret references: {@code ${NAME}} takes an environment variable, {@code ${file:/path}} the trimmed content of a
 * file. Errors name the variable or file, never a value. Shared by {@link SourceUrls} and the push secrets.
 */
final class SecretRefs {

    private static final Pattern WHOLE = Pattern.compile("\\$\\{(file:.+|[A-Za-z_][A-Za-z0-9_]*)}");

    private SecretRefs() {
    }

    /**
     * A value that must be exactly one reference (webhook secret, MQTT password): a literal secret in the YAML is
     * refused. Returns the secret, or null after adding an error at {@code path}.
     */
    static String whole(Object raw, String path, String example, Map<String, String> env, List<ConfigError> errors) {
        if (!(raw instanceof String s)) {
            errors.add(new ConfigError(path, "expected a reference such as \"${" + example
                    + "}\" or \"${file:/run/secrets/...}\", got " + ConfigLoader.describe(raw)));
            return null;
        }
        Matcher m = WHOLE.matcher(s.strip());
        if (!m.matches()) {
            errors.add(new ConfigError(path, "secrets never live in the YAML: use \"${" + example
                    + "}\" (environment variable) or \"${file:/run/secrets/...}\""));
            return null;
        }
        return lookup(m.group(1), path, env, errors);
    }

    /** The value of one reference (its inner text), or null after an error that names the variable or file. */
    static String lookup(String ref, String path, Map<String, String> env, List<ConfigError> errors) {
        String value;
        String what;
        if (ref.startsWith("file:")) {
            String file = ref.substring("file:".length());
            what = "secret file " + file;
            try {
                value = Files.readString(Path.of(file)).strip();
            } catch (NoSuchFileException e) {
                errors.add(new ConfigError(path, what + " does not exist"));
                return null;
            } catch (IOException | InvalidPathException e) {
                errors.add(new ConfigError(path, "cannot read " + what + " (" + e.getClass().getSimpleName() + ")"));
                return null;
            }
        } else {
            what = "environment variable " + ref;
            value = env.get(ref);
            if (value == null) {
                errors.add(new ConfigError(path, what + " is not set"));
                return null;
            }
        }
        if (value.isEmpty()) {
            errors.add(new ConfigError(path, what + " is empty"));
            return null;
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            errors.add(new ConfigError(path, what + " contains a line break"));
            return null;
        }
        return value;
    }
}
