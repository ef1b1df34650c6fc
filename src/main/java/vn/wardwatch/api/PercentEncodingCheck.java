package vn.wardwatch.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;

/**
 * Refuses a request whose path or query has a broken percent-escape ({@code %zz}, a lone {@code %}) with 400.
 * Vert.x throws IllegalArgumentException while matching routes or decoding query parameters on such input, which
 * otherwise surfaces as a 500 and an error in the log (found by ApiFuzzTest).
 */
final class PercentEncodingCheck implements InputTrustHandler {

    @Override
    public void handle(RoutingContext ctx) {
        String uri = ctx.request().uri();
        int bad = firstBrokenEscape(uri);
        if (bad >= 0) {
            ctx.fail(ApiException.badRequest("malformed percent-encoding at character " + bad
                    + " of the request target (\"%\" must be followed by two hex digits)"));
            return;
        }
        ctx.next();
    }

    /** The index of the first '%' not followed by two hex digits, or -1. */
    static int firstBrokenEscape(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
