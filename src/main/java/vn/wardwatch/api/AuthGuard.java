package vn.wardwatch.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.auth.User;

/**
 * The first handler of every route of the contract: finds the caller from {@code Authorization: Bearer TOKEN}
 * (a login session or a machine token) and lets the request on only when {@link RoutePolicy} allows the caller's
 * role. No or a bad token: 401; a role without the right: 403. The event stream also takes {@code ?access_token=}
 * because a browser's EventSource cannot set headers.
 */
final class AuthGuard implements Handler<RoutingContext> {

    static final String EVENTS = "streamEvents";

    private final Vertx vertx;
    /** Null when the server has no user store: then every protected route answers 401 (fail closed). */
    private final Authenticator auth;
    private final String operationId;

    AuthGuard(Vertx vertx, Authenticator auth, String operationId) {
        this.vertx = vertx;
        this.auth = auth;
        this.operationId = operationId;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (RoutePolicy.open(operationId)) {
            ctx.next();
            return;
        }
        String token = token(ctx);
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
            if (!RoutePolicy.allows(operationId, user.get().role())) {
                ProblemHandler.send(ctx, 403, "Forbidden", "role " + user.get().role().wireName()
                        + " may not use " + operationId);
                return;
            }
            ctx.put(Access.USER_KEY, user.get());
            ctx.put(Access.TOKEN_KEY, token);
            ctx.next();
        });
    }

    /** The bearer token of the request, or null. */
    private String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        if (EVENTS.equals(operationId)) {
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
