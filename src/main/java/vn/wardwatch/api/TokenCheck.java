package vn.wardwatch.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.auth.User;

/**
 * A root handler: finds the caller of every {@code /api/} and {@code /metrics} request from
 * {@code Authorization: Bearer TOKEN} (a login session or a machine token) before anything else looks at the request,
 * so a caller without a valid token learns nothing from the contract's validation answers or from which paths
 * exist: 401. Which role may use which route is {@link AuthGuard}'s, after routing. The event stream also takes
 * {@code ?access_token=} because a browser's EventSource cannot set headers.
 */
final class TokenCheck implements Handler<RoutingContext> {

    static final String LOGIN_PATH = "/api/v1/login";
    static final String EVENTS_PATH = "/api/v1/events";

    private final Vertx vertx;
    /** Null when the server has no user store: then every protected route answers 401 (fail closed). */
    private final Authenticator auth;

    TokenCheck(Vertx vertx, Authenticator auth) {
        this.vertx = vertx;
        this.auth = auth;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean protectedPath = (path.startsWith("/api/") || path.equals("/metrics")) && !path.equals(LOGIN_PATH);
        if (!protectedPath) {
            ctx.next();
            return;
        }
        String token = token(ctx, path);
        if (token == null) {
            unauthorized(ctx, "this route needs a login: send Authorization: Bearer TOKEN (POST /api/v1/login gives"
                    + " one)");
            return;
        }
        if (auth == null) {
            unauthorized(ctx, "the token is not valid (this server has no users)");
            return;
        }
        // Unordered: one request's token lookup need not wait for another's database work on this event loop.
        vertx.executeBlocking(() -> auth.authenticate(token), false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Optional<User> user = result.result();
            if (user.isEmpty()) {
                unauthorized(ctx, "the token is not valid: unknown, expired, logged out or revoked");
                return;
            }
            ctx.put(Access.USER_KEY, user.get());
            ctx.put(Access.TOKEN_KEY, token);
            ctx.next();
        });
    }

    /** The bearer token of the request, or null. */
    private static String token(RoutingContext ctx, String path) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        if (EVENTS_PATH.equals(path)) {
            String query = ctx.request().getParam("access_token");
            return query == null || query.isEmpty() ? null : query;
        }
        return null;
    }

    static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"wardwatch\"");
        ProblemHandler.send(ctx, 401, "Unauthorized", detail);
    }
}
