package vn.wardwatch.api;

import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.auth.Role;
import vn.wardwatch.auth.User;

/**
 * The caller of a request, as {@link AuthGuard} found it, and what follows from it for the handlers: which cameras
 * they see and whether plates are shown.
 */
final class Access {

    static final String USER_KEY = "wardwatch.user";
    static final String TOKEN_KEY = "wardwatch.token";

    private Access() {
    }

    /** The logged-in user; every protected route has one. */
    static User user(RoutingContext ctx) {
        User user = ctx.get(USER_KEY);
        if (user == null) {
            throw new ApiException(401, "Unauthorized", "log in first (POST /api/v1/login)");
        }
        return user;
    }

    static boolean seesPlates(RoutingContext ctx) {
        return user(ctx).role().seesPlates();
    }

    static boolean isRole(RoutingContext ctx, Role role) {
        return user(ctx).role() == role;
    }
}
