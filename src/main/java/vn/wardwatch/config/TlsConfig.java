package vn.wardwatch.config;

import java.nio.file.Path;
import java.util.List;

/**
 * HTTPS for the API: a PEM certificate chain and its PEM private key (PKCS#8, or PKCS#1 RSA / SEC1 EC), both
 * checked when the configuration is loaded.
 *
 * @param minVersion the oldest TLS version accepted, {@code TLSv1.2} or {@code TLSv1.3}
 */
public record TlsConfig(Path cert, Path key, String minVersion) {

    public static final String DEFAULT_MIN_VERSION = "TLSv1.2";
    /** Oldest first; older versions (TLSv1, TLSv1.1) are broken and never offered. */
    public static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    /** The versions the server offers: {@code minVersion} and everything newer. */
    public List<String> enabledVersions() {
        return VERSIONS.subList(VERSIONS.indexOf(minVersion), VERSIONS.size());
    }
}
