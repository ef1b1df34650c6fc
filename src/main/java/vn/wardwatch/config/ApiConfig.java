package vn.wardwatch.config;

/** HTTP API listener. Host {@code ::} listens on IPv6 and IPv4 at once. */
public record ApiConfig(String host, int port) {
}
