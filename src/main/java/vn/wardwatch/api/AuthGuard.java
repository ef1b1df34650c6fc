package vn.wardwatch.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.auth.User;

/**
 * The first handler of every route of the contract: lets the request on only when {@link RoutePolicy} allows the
 * role of the caller that {@link TokenCheck} found; a role without the right gets 403.
 */
final class AuthGuard implements Handler<RoutingContext> {

    private final String operationId;

    AuthGuard(String operationId) {
        this.operationId = operationId;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (RoutePolicy.open(operationId)) {
            ctx.next();
            return;
        }
        User user = ctx.get(Access.USER_KEY);
        if (user == null) {
            // A protected operation on a path TokenCheck does not cover: fail closed.
            TokenCheck.unauthorized(ctx, "this route needs a login");
            return;
        }
        if (!RoutePolicy.allows(operationId, user.role())) {
            ProblemHandler.send(ctx, 403, "Forbidden", "role " + user.role().wireName() + " may not use "
                    + operationId);
            return;
        }
        ctx.next();
    }
}
