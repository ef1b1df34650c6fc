package vn.wardwatch.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console (issue 9): the static files of the classpath folder {@value #WEBROOT}, {@code index.html} at
 * {@code /} and assets under {@code /assets/}. Public, so that the login page loads without a token; everything the
 * console shows comes from {@code /api/}, which {@link TokenCheck} still guards. Paths under {@code /api/} are never
 * looked up here, and a file that does not exist falls through to the router's 404 problem.
 */
final class ConsoleFiles {

    static final String WEBROOT = "webroot";
    static final String INDEX = "/index.html";
    /**
     * Every console file is revalidated on every load (Last-Modified, then 304), so a new console version shows at
     * once even when its asset names carry no content hash; StaticHandler's own is a day, immutable.
     */
    static final String CACHE = "no-cache";

    private ConsoleFiles() {
    }

    /** Adds the console's routes; call after the contract's routes, so that those win. */
    static void mount(Router router) {
        StaticHandler files = StaticHandler.create(WEBROOT).setDirectoryListing(false).setIndexPage(INDEX)
                .setCachingEnabled(true).setIncludeHidden(false);
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
                .pathRegex("^/(?!api/|metrics$)[^?]*$")
                .handler(ctx -> {
                    // Set when the headers go out (StaticHandler writes its own first); a 404 keeps no-store.
                    ctx.addHeadersEndHandler(v -> {
                        if (ctx.response().getStatusCode() < 400) {
                            ctx.response().headers().set("Cache-Control", CACHE);
                        }
                    });
                    ctx.next();
                })
                .handler(files);
    }
}
