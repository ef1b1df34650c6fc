package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.audit.AuditTrail;
import vn.wardwatch.auth.Authenticator;
import vn.wardwatch.auth.User;

/** {@code /api/v1/login}, {@code /api/v1/logout} and {@code /api/v1/me}. */
final class AuthHandler {

    private final Vertx vertx;
    private final Authenticator auth;
    private final AuditTrail audit;

    AuthHandler(Vertx vertx, Authenticator auth, AuditTrail audit) {
        this.vertx = vertx;
        this.auth = auth;
        this.audit = audit;
    }

    void login(RoutingContext ctx) {
        JsonObject body = RequestBodies.json(ctx); // shape checked by the contract
        String username = body.getString("username");
        char[] password = body.getString("password").toCharArray();
        String address = ctx.request().remoteAddress() == null ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        if (auth == null) {
            TokenCheck.unauthorized(ctx, "wrong user name or password");
            return;
        }
        vertx.executeBlocking(() -> {
            Authenticator.Login login = auth.login(username, password, address);
            java.util.Arrays.fill(password, '\0');
            String detail = new JsonObject().put("remote", address).encode();
            if (login.ok()) {
                audit.record(username, "login.ok", "user:" + username, detail);
            } else {
                audit.record(username, "login.failed", "user:" + username, new JsonObject().put("remote", address)
                        .put("reason", login.throttled() ? "throttled" : "wrong name or password").encode());
            }
            return login;
        }, false).onComplete(result -> { // unordered: PBKDF2 takes ~0.5 s and must not queue other requests' work
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Authenticator.Login login = result.result();
            if (login.throttled()) {
                long seconds = Math.max(1, (login.retryAfter().toMillis() + 999) / 1000);
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                ProblemHandler.send(ctx, 429, "Too Many Requests", "too many failed logins for this name or from"
                        + " this address; try again in " + seconds + " s");
                return;
            }
            if (!login.ok()) {
                // The same answer for an unknown name, a wrong password and a disabled user.
                TokenCheck.unauthorized(ctx, "wrong user name or password");
                return;
            }
            Json.send(ctx, 200, new JsonObject().put("token", login.token())
                    .put("expires_at", login.expiresAt().toString()).put("role", login.user().role().wireName())
                    .put("user", login.user().name()));
        });
    }

    void logout(RoutingContext ctx) {
        User user = Access.user(ctx);
        String token = ctx.get(Access.TOKEN_KEY);
        vertx.executeBlocking(() -> {
            auth.logout(token);
            audit.record(user.name(), "logout", "user:" + user.name(), "");
            return null;
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
        });
    }

    void me(RoutingContext ctx) {
        User user = Access.user(ctx);
        Json.send(ctx, 200, new JsonObject().put("user", user.name()).put("role", user.role().wireName())
                .put("groups", new JsonArray(user.groups().stream().sorted().toList())));
    }
}
