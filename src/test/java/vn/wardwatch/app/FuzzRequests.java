package vn.wardwatch.app;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import vn.wardwatch.auth.Role;

/**
 * Makes the malformed requests of {@link ApiFuzzTest} from a seeded Random: same seed, same requests (the tokens
 * themselves differ from run to run, the roles that send them do not). Every kind but "auth" carries the bearer
 * token of a real user most of the time, so the damage reaches the handlers behind the guard and not only the 401
 * of {@code AuthGuard}: 60% admin, 10% each officer, coordinator and ioc (machine token), 10% no token at all.
 */
final class FuzzRequests {

    /** A valid token of a real user of each role. */
    record Tokens(String admin, String officer, String coordinator, String ioc) {

        String of(Role role) {
            return switch (role) {
                case ADMIN -> admin;
                case OFFICER -> officer;
                case COORDINATOR -> coordinator;
                case IOC -> ioc;
            };
        }
    }

    /** Who sends a request, and the header line that says so ("" for nobody). */
    private record Caller(String name, String header) {
    }

    private static final List<String> GET_PATHS = List.of("/health", "/health/live", "/health/ready", "/metrics",
            "/api/v1/cameras", "/api/v1/cameras/{id}", "/api/v1/cameras/{id}/recordings", "/api/v1/cameras/{id}/clip",
            "/api/v1/counts", "/api/v1/live", "/api/v1/plates", "/api/v1/plates/{id}/crop", "/api/v1/violations",
            "/api/v1/violations/{id}", "/api/v1/violations/{id}/files/{id}", "/api/v1/violations/{id}/export",
            "/api/v1/violations/{id}/verify", "/api/v1/evidence/public-key", "/api/v1/signals", "/api/v1/warnings",
            "/api/v1/warnings/{id}/snapshot", "/api/v1/zones/minutes", "/api/v1/ioc", "/api/v1/events",
            "/openapi.yaml", "/api/v1/me", "/api/v1/audit", "/api/v1/cameras/{id}/frame",
            "/api/v1/cameras/{id}/geometry", "/", "/index.html", "/assets/{id}");
    private static final List<String> PARAMS = List.of("from", "to", "limit", "camera", "line", "class",
            "direction", "interval", "text", "plate", "status", "type", "cursor", "zone", "kind", "active", "types", "format", "width");
    private static final List<String> VALUES = List.of("", "-1", "0", "-9223372036854775809",
            "99999999999999999999999", "1e309", "NaN", "2026-13-45T25:61:61Z", "2026-11-22T08:00:00+99:00",
            "0000-00-00", "9999-12-31T23:59:59Z", "-999999999-01-01T00:00Z", "+999999999-12-31T23:59:59Z",
            "2026-11-22T08:00:00Z", "2026-11-22", "true", "[]", "{}", "' OR 1=1 --", "<script>alert(1)</script>",
            "Đường Láng 🚦", "%", "%zz", "%0", "%00", "%C0%AF", "%FF%FE", "..%2F..%2Fetc%2Fpasswd",
            "../../../../etc/passwd", "cam_a", "1m", "red", "\u0000", "\ud800", "50.0", "1e2", "5E1", "0x10", "+5",
            " 5", "2147483648", "500", "501");

    private FuzzRequests() {
    }

    static FuzzRequest next(Random r, int i, Tokens tokens) {
        Caller caller = caller(r, tokens);
        return switch (i % 10) {
            case 0, 1 -> path(r, caller);
            case 2, 3 -> query(r, caller);
            case 4, 5 -> body(r, caller);
            case 6 -> oversizedHeader(r, caller);
            case 7 -> oversizedBody(r, caller);
            case 8 -> authorization(r);
            default -> protocol(r, caller);
        };
    }

    private static Caller caller(Random r, Tokens tokens) {
        Role role = switch (r.nextInt(10)) {
            case 0 -> null;
            case 1 -> Role.OFFICER;
            case 2 -> Role.COORDINATOR;
            case 3 -> Role.IOC;
            default -> Role.ADMIN;
        };
        return role == null ? new Caller(FuzzRequest.NO_TOKEN, "")
                : new Caller(role.wireName(), "Authorization: Bearer " + tokens.of(role) + "\r\n");
    }

    /** A known route with its parameters replaced by garbage, raw or %-encoded, sometimes with traversal. */
    private static FuzzRequest path(Random r, Caller caller) {
        String template = GET_PATHS.get(r.nextInt(GET_PATHS.size()));
        StringBuilder path = new StringBuilder();
        for (String part : template.split("\\{id}", -1)) {
            if (!path.isEmpty()) {
                path.append(r.nextBoolean() ? garbage(r) : URLEncoder.encode(garbage(r), StandardCharsets.UTF_8));
            }
            path.append(part);
        }
        switch (r.nextInt(6)) {
            case 0 -> path.append("/../../../../etc/passwd");
            case 1 -> path.insert(0, "/".repeat(1 + r.nextInt(5)));
            case 2 -> path.append(";jsessionid=").append(garbage(r));
            case 3 -> path.append("x".repeat(r.nextInt(20_000)));
            default -> { }
        }
        return new FuzzRequest("path", caller.name(), request("GET", path.toString(), caller.header(), null, null),
                false);
    }

    /** Real routes with bad, huge, negative, repeated and misspelt query parameters. */
    private static FuzzRequest query(Random r, Caller caller) {
        String path = GET_PATHS.get(r.nextInt(GET_PATHS.size())).replace("{id}", "cam_a");
        StringBuilder q = new StringBuilder();
        int n = 1 + r.nextInt(6);
        for (int k = 0; k < n; k++) {
            q.append(k == 0 ? "?" : "&");
            String name = r.nextInt(10) == 0 ? garbage(r) : PARAMS.get(r.nextInt(PARAMS.size()));
            String value = r.nextInt(4) == 0 ? garbage(r) : VALUES.get(r.nextInt(VALUES.size()));
            q.append(r.nextBoolean() ? name : URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(r.nextBoolean() ? value : URLEncoder.encode(value, StandardCharsets.UTF_8));
            if (r.nextInt(5) == 0) {
                q.append("&").append(name).append("=").append(value); // repeated
            }
        }
        return new FuzzRequest("query", caller.name(), request("GET", path + q, caller.header(), null, null), false);
    }

    /** Invalid JSON, deep nesting, huge strings and wrong types on the two routes that take a body. */
    private static FuzzRequest body(Random r, Caller caller) {
        String path = r.nextBoolean() ? "/api/v1/violations/" + (r.nextBoolean() ? "v1" : garbageId(r)) + "/review"
                : "/api/v1/signals/" + (r.nextBoolean() ? (r.nextInt(4) == 0 ? "s2" : "s1") : garbageId(r));
        String method = path.endsWith("/review") ? "POST" : "PUT";
        if (r.nextInt(8) == 0) {
            method = r.nextBoolean() ? "PATCH" : "DELETE";
        }
        String body = switch (r.nextInt(12)) {
            case 0 -> "{";
            case 1 -> "[".repeat(1 + r.nextInt(100_000));
            case 2 -> "{\"a\":".repeat(1 + r.nextInt(20_000)) + "1" + "}".repeat(r.nextInt(100));
            case 3 -> "{\"decision\":\"" + "x".repeat(r.nextInt(900_000)) + "\",\"reviewer\":\"me\"}";
            case 4 -> "{\"decision\":5,\"reviewer\":[],\"state\":{},\"at\":true}";
            case 5 -> "{\"decision\":\"confirm\",\"reviewer\":\"me\",\"extra\":1}";
            case 6 -> "{\"state\":\"red\",\"at\":\"" + VALUES.get(r.nextInt(VALUES.size())) + "\"}";
            case 7 -> "null";
            case 8 -> "{\"state\":\"\\ud800\",\"reviewer\":\"\\u0000\"}";
            case 9 -> "1e99999";
            case 10 -> garbage(r);
            default -> "{\"decision\":\"reject\",\"reviewer\":\"" + garbage(r) + "\",\"reasonCode\":\"other\"}";
        };
        String type = switch (r.nextInt(5)) {
            case 0 -> "text/plain";
            case 1 -> null;
            case 2 -> "application/json; charset=utf-16";
            case 3 -> "multipart/form-data; boundary=" + garbage(r);
            default -> "application/json";
        };
        return new FuzzRequest("body", caller.name(), request(method, path, caller.header(), type,
                body.getBytes(StandardCharsets.UTF_8)), false);
    }

    /** One header past the 8 KiB limit, or very many headers. */
    private static FuzzRequest oversizedHeader(Random r, Caller caller) {
        String headers = r.nextBoolean()
                ? "X-Big: " + "h".repeat(8_200 + r.nextInt(60_000)) + "\r\n"
                : "X-Many: 1\r\n".repeat(500 + r.nextInt(2_000));
        return new FuzzRequest("big-header", caller.name(), request("GET", "/api/v1/cameras",
                caller.header() + headers, null, null), false);
    }

    /** A body over the limit, with Content-Length or chunked. */
    private static FuzzRequest oversizedBody(Random r, Caller caller) {
        // Just over the limit: enough to prove it holds, without gigabytes of test traffic.
        byte[] body = new byte[BODY_LIMIT_PLUS + r.nextInt(256 * 1024)];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        String path = r.nextBoolean() ? "/api/v1/signals/s1" : "/api/v1/violations/v1/review";
        String method = path.startsWith("/api/v1/signals") ? "PUT" : "POST";
        if (r.nextBoolean()) {
            return new FuzzRequest("big-body", caller.name(), request(method, path, caller.header(),
                    "application/json", body), true);
        }
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += 65_536) {
            int len = Math.min(65_536, body.length - off);
            chunked.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, off, len);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + caller.header()
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head);
        all.writeBytes(chunked.toByteArray());
        return new FuzzRequest("big-body-chunked", caller.name(), all.toByteArray(), true);
    }

    private static final int BODY_LIMIT_PLUS = 1024 * 1024 + 1;

    /** Garbage, very long or wrong-scheme Authorization headers (never a valid token). */
    private static FuzzRequest authorization(Random r) {
        String value = switch (r.nextInt(8)) {
            case 0 -> "Bearer " + garbage(r);
            case 1 -> "Bearer " + "A".repeat(r.nextInt(7_000));
            case 2 -> "Basic " + garbage(r);
            case 3 -> "Basic Ojo6Ojo6";
            case 4 -> "Bearer";
            case 5 -> "Digest username=\"x\", realm=\"" + garbage(r) + "\"";
            case 6 -> "Negotiate " + "YII".repeat(r.nextInt(1000));
            default -> garbage(r);
        };
        String path = GET_PATHS.get(r.nextInt(GET_PATHS.size())).replace("{id}", "cam_a");
        String method = "GET";
        byte[] body = null;
        if (r.nextInt(4) == 0) {
            path = "/api/v1/signals/s1";
            method = "PUT";
            body = "{\"state\":\"red\"}".getBytes(StandardCharsets.UTF_8);
        }
        // Other headers the routes read, garbled alongside.
        String extra = switch (r.nextInt(5)) {
            case 0 -> "Range: bytes=" + VALUES.get(r.nextInt(VALUES.size())) + "-"
                    + VALUES.get(r.nextInt(VALUES.size())) + "\r\n";
            case 1 -> "If-None-Match: " + garbage(r) + "\r\n";
            case 2 -> "Last-Event-ID: " + garbage(r) + "\r\n";
            default -> "";
        };
        String headers = "Authorization: " + value.replace("\r", "").replace("\n", "") + "\r\n"
                + extra.replace("\r\nX-Injected: 1", "");
        return new FuzzRequest("auth", FuzzRequest.BAD_TOKEN, request(method, path, headers,
                body == null ? null : "application/json", body), false);
    }

    /** Broken HTTP itself: odd methods and versions, lying Content-Length, no Host, binary request lines. */
    private static FuzzRequest protocol(Random r, Caller caller) {
        String text = switch (r.nextInt(10)) {
            case 0 -> "FOO /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 1 -> "TRACE /api/v1/cameras HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 2 -> "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 3 -> "GET /health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 4 -> "GET /api/v1/cameras HTTP/1.0\r\n\r\n";
            case 5 -> "PUT /api/v1/signals/s1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: abc\r\n\r\n{}";
            case 6 -> "PUT /api/v1/signals/s1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -5\r\n\r\n{}";
            case 7 -> "GET " + garbage(r) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            case 8 -> "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n0\r\n\r\n";
            default -> "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nBad Header Line\r\n\r\n";
        };
        // The caller's header goes right after the request line (which case 7 may itself have broken).
        int line = text.indexOf("\r\n") + 2;
        text = text.substring(0, line) + caller.header() + text.substring(line);
        return new FuzzRequest("protocol", caller.name(), text.getBytes(StandardCharsets.UTF_8), false);
    }

    private static byte[] request(String method, String target, String extraHeaders, String contentType,
                                  byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(target.getBytes(StandardCharsets.UTF_8)); // raw: unicode, NUL, spaces and all
        StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        head.append(extraHeaders);
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** Something a careless or hostile client might send as an identifier or value. */
    private static String garbage(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> VALUES.get(r.nextInt(VALUES.size()));
            case 1 -> "x".repeat(r.nextInt(5_000));
            case 2 -> "Đ".repeat(1 + r.nextInt(300)) + "🚦";
            case 3 -> "%" + Integer.toHexString(r.nextInt(256)) + "%" + (char) ('g' + r.nextInt(10));
            case 4 -> "..%2f..%2f..%2fetc%2fpasswd";
            case 5 -> "a\u0000b";
            case 6 -> "\r\nX-Injected: 1";
            case 7 -> {
                StringBuilder s = new StringBuilder();
                for (int k = r.nextInt(64); k > 0; k--) {
                    s.append((char) (0x20 + r.nextInt(0x5f)));
                }
                yield s.toString();
            }
            default -> Integer.toString(r.nextInt());
        };
    }

    private static String garbageId(Random r) {
        String g = garbage(r);
        return r.nextBoolean() ? URLEncoder.encode(g, StandardCharsets.UTF_8) : g;
    }
}
