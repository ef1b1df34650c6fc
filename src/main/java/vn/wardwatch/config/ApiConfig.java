package vn.wardwatch.config;

/**
 * HTTP API listener. Host {@code ::} listens on IPv6 and IPv4 at once.
 *
 * @param tls HTTPS settings, or null for plain HTTP (behind a TLS-terminating proxy, or on a closed network)
 */
public record ApiConfig(String host, int port, TlsConfig tls) {

    /** Plain HTTP. */
    public ApiConfig(String host, int port) {
        this(host, port, null);
    }
}
