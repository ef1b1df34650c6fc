package vn.wardwatch.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Locale;

/**
 * Refuses form and multipart bodies with 415 before anything reads them: the API takes JSON only, and Vert.x's
 * multipart decoder throws on a malformed boundary (a 500, found by ApiFuzzTest). Runs before the body handler.
 */
final class FormBodyRefusal implements SecurityPolicyHandler {

    @Override
    public void handle(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT);
            if (t.startsWith("multipart/") || t.startsWith("application/x-www-form-urlencoded")) {
                ctx.fail(new ApiException(415, "Unsupported Media Type", "this API takes application/json bodies, not "
                        + t.split(";", 2)[0].strip()));
                return;
            }
        }
        ctx.next();
    }
}
