package vn.wardwatch.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Browser hardening headers on every response, errors and 404s included: installed first on the router, it adds
 * them when the headers are written (a headers-end handler), whichever handler or failure handler answers. A
 * security-policy handler, so Vert.x runs it before the body handler, whose 413 then has the headers too.
 */
public final class SecurityHeaders implements SecurityPolicyHandler {

    /**
     * Same-origin only, so the web console served from this server later works; images and video may also come from
     * data: and blob: URLs (snapshots, clips the console builds in memory); nobody may frame the pages.
     */
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
            + "frame-ancestors 'none'";
    /** Features the console never uses are switched off. */
    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    /** One year, the usual preload-ready value; sent only over TLS, as RFC 6797 says. */
    static final String HSTS = "max-age=31536000; includeSubDomains";
    /** The contract may be cached; everything else is live data or evidence. */
    private static final String CACHEABLE_PATH = "/openapi.yaml";

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> apply(ctx));
        ctx.next();
    }

    private static void apply(RoutingContext ctx) {
        MultiMap h = ctx.response().headers();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", CSP);
        h.set("Permissions-Policy", PERMISSIONS);
        if (ctx.request().isSSL()) {
            h.set("Strict-Transport-Security", HSTS);
        }
        // Handlers that chose their own caching (live snapshots, private media) keep it.
        if (!h.contains("Cache-Control") && !CACHEABLE_PATH.equals(ctx.request().path())) {
            h.set("Cache-Control", "no-store");
        }
    }
}
