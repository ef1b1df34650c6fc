package vn.wardwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A GET that must answer 200, for tests that poll a running server's API. */
public final class HttpGet {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpGet() {
    }

    /** The body of a 200 answer; anything else is an exception naming the URL, the status and the body. */
    public static String ok(String url) {
        return ok(null, url);
    }

    /** The same with {@code Authorization: Bearer TOKEN} (issue 8: every API route but health needs one). */
    public static String ok(String token, String url) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
