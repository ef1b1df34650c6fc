package vn.wardwatch.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secret substitution, validation and redaction of {@code source.url}.
 *
 * <p>References: {@code ${NAME}} takes an environment variable, {@code ${file:/path}} the trimmed content of a file
 * (relative paths against the working directory). The URL is split into scheme, user info and host on the template,
 * before substitution, so that a secret containing {@code @}, {@code /} or {@code :} cannot change how it is read.
 * Error messages quote only the template (names of variables and files), never a substituted value.
 */
final class SourceUrls {

    record Resolved(String url, String redactedUrl) {
    }

    private static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "http", "https", "file");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String MASKED = "***";

    /** A piece of the template: literal text, or a reference whose {@code text} is its inner part. */
    private record Part(boolean ref, String text, int start, int end) {
    }

    private final String template;
    private final String path;
    private final String cameraId;
    private final Map<String, String> env;
    private final List<ConfigError> errors;
    // Each reference is looked up once, so a missing variable is reported once; null marks a failed lookup.
    private final Map<String, String> values = new HashMap<>();

    private SourceUrls(String template, String path, String cameraId, Map<String, String> env,
                       List<ConfigError> errors) {
        this.template = template;
        this.path = path;
        this.cameraId = cameraId;
        this.env = env;
        this.errors = errors;
    }

    /** Returns the resolved URL, or null after adding errors to {@code errors}. */
    static Resolved resolve(String template, String path, String cameraId, Map<String, String> env,
                            List<ConfigError> errors) {
        return new SourceUrls(template, path, cameraId, env, errors).resolve();
    }

    private Resolved resolve() {
        int before = errors.size();
        if (template.isBlank()) {
            error("must not be empty");
            return null;
        }
        List<Part> parts = tokenize();
        if (parts == null) {
            return null;
        }
        for (Part p : parts) {
            if (p.ref && !values.containsKey(p.text)) {
                values.put(p.text, lookup(p.text));
            }
        }
        // Same length as the template, with references blanked out, so structure is found outside them only.
        String masked = mask(parts);

        int schemeEnd = masked.indexOf("://");
        if (schemeEnd < 0) {
            return resolveFilePath(parts, before);
        }
        String scheme = masked.substring(0, schemeEnd);
        if (!SCHEME.matcher(scheme).matches() || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            error("unsupported URL scheme \"" + template.substring(0, schemeEnd)
                    + "\" (expected rtsp, rtsps, http, https, file or a file path)");
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);

        int authStart = schemeEnd + 3;
        int authEnd = firstOf(masked, authStart, "/?#");
        int at = masked.lastIndexOf('@', authEnd - 1);
        int hostStart = authStart;
        if (at >= authStart) {
            hostStart = at + 1;
            int colon = masked.indexOf(':', authStart);
            if (colon >= 0 && colon < at) {
                boolean passwordHasRef = false;
                for (Part p : parts) {
                    passwordHasRef |= p.ref && p.start > colon && p.end <= at;
                }
                if (at > colon + 1 && !passwordHasRef) {
                    error("put the password in an environment variable, e.g. " + scheme + "://user:${"
                            + cameraId.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD}@host/...");
                }
            }
        }

        String userInfo = at >= authStart ? substitute(parts, authStart, at) : null;
        String hostPort = substitute(parts, hostStart, authEnd);
        String url = substitute(parts, 0, template.length());
        if (errors.size() > before) {
            return null;
        }
        if (!scheme.equals("file")) {
            checkHostPort(hostPort);
        }
        if (errors.size() > before) {
            return null;
        }

        StringBuilder redacted = new StringBuilder(redact(parts, 0, authStart));
        if (userInfo != null) {
            redacted.append(redactUserInfo(userInfo, hasRef(parts, authStart, at))).append('@');
        }
        redacted.append(redact(parts, hostStart, template.length()));
        return new Resolved(url, redacted.toString());
    }

    private Resolved resolveFilePath(List<Part> parts, int before) {
        String value = substitute(parts, 0, template.length());
        if (errors.size() > before) {
            return null;
        }
        try {
            // Relative file sources are resolved against the working directory, like every other path.
            String absolute = Path.of(value).toAbsolutePath().normalize().toString();
            String redacted = hasRef(parts, 0, template.length()) ? redact(parts, 0, template.length()) : absolute;
            return new Resolved(absolute, redacted);
        } catch (InvalidPathException e) {
            error("not a valid file path or URL");
            return null;
        }
    }

    /** Splits the template into literals and references; null (with an error) if a reference is malformed. */
    private List<Part> tokenize() {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        boolean ok = true;
        while (i < template.length()) {
            int open = template.indexOf("${", i);
            if (open < 0) {
                parts.add(new Part(false, template.substring(i), i, template.length()));
                break;
            }
            if (open > i) {
                parts.add(new Part(false, template.substring(i, open), i, open));
            }
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                error("unterminated ${ (use ${NAME} or ${file:/path/to/secret})");
                return null;
            }
            String inner = template.substring(open + 2, close);
            boolean valid = inner.startsWith("file:") ? inner.length() > "file:".length()
                    : VAR_NAME.matcher(inner).matches();
            if (!valid) {
                error("invalid reference ${" + inner + "} (use ${NAME} or ${file:/path/to/secret})");
                ok = false;
            }
            parts.add(new Part(true, inner, open, close + 1));
            i = close + 1;
        }
        return ok ? parts : null;
    }

    private String mask(List<Part> parts) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p.ref ? "x".repeat(p.end - p.start) : p.text);
        }
        return sb.toString();
    }

    /** The template between two structural positions (never inside a reference), references replaced by values. */
    private String substitute(List<Part> parts, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p.end <= from || p.start >= to) {
                continue;
            }
            if (!p.ref) {
                sb.append(p.text, Math.max(from, p.start) - p.start, Math.min(to, p.end) - p.start);
            } else {
                String v = values.get(p.text);
                sb.append(v == null ? "" : v);
            }
        }
        return sb.toString();
    }

    /** Like {@link #substitute} but every reference shows as {@code ***}: a redacted URL shows no secret values. */
    private static String redact(List<Part> parts, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p.end <= from || p.start >= to) {
                continue;
            }
            if (p.ref) {
                sb.append(MASKED);
            } else {
                sb.append(p.text, Math.max(from, p.start) - p.start, Math.min(to, p.end) - p.start);
            }
        }
        return sb.toString();
    }

    private static boolean hasRef(List<Part> parts, int from, int to) {
        for (Part p : parts) {
            if (p.ref && p.start >= from && p.end <= to) {
                return true;
            }
        }
        return false;
    }

    // The user name stays readable (it helps debugging); the password, or a token standing alone, does not.
    private static String redactUserInfo(String userInfo, boolean fromSecret) {
        int colon = userInfo.indexOf(':');
        if (colon >= 0) {
            return userInfo.substring(0, colon) + ":" + MASKED;
        }
        return fromSecret ? MASKED : userInfo;
    }

    /** The value of one reference, or null after an error that names the variable or file, never a value. */
    private String lookup(String ref) {
        return SecretRefs.lookup(ref, path, env, errors);
    }

    private void checkHostPort(String hostPort) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                error("IPv6 host is missing its closing ]");
                return;
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    error("unexpected text after the IPv6 host");
                    return;
                }
                port = rest.substring(1);
            }
            if (!isIpv6Literal(host)) {
                error("invalid IPv6 address in URL");
                return;
            }
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                error("put an IPv6 host in brackets, e.g. rtsp://[2001:db8::7]:554/stream");
                return;
            }
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            error("URL has no host");
        }
        if (port != null && !validPort(port)) {
            error("invalid port in URL (expected 1..65535)");
        }
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    private static boolean isIpv6Literal(String host) {
        String address = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        if (address.indexOf(':') < 0 || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'
                || c == '.')) {
            return false;
        }
        try {
            // Bracketed and hex-only, so InetAddress parses the literal and never does a DNS lookup.
            InetAddress.getByName("[" + address + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int firstOf(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private void error(String message) {
        errors.add(new ConfigError(path, message));
    }
}
