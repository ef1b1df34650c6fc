package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/violations/{id}/release} (issue 8): an admin releases a violation's retention hold. Admin only
 * (the auth layer enforces it). The releasing user is the logged-in one.
 */
final class HoldsHandler {

    private final Vertx vertx;
    private final ApiDependencies.Governance deps;

    HoldsHandler(Vertx vertx, ApiDependencies.Governance deps) {
        this.vertx = vertx;
        this.deps = deps;
    }

    void release(RoutingContext ctx) {
        ApiDependencies.Governance d = ApiDependencies.Governance.available(deps);
        String id = ctx.pathParam("violationId");
        JsonObject body = RequestBodies.json(ctx); // shape checked by the contract
        String by = Access.user(ctx).name();
        String reason = body.getString("reason");
        vertx.executeBlocking(() -> d.holds().release(id, by, reason)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            switch (result.result()) {
                case RELEASED -> Json.send(ctx, 200, new JsonObject().put("violationId", id).put("released", true)
                        .put("releasedBy", by));
                case NOT_FOUND -> ctx.fail(ApiException.notFound("no violation with id " + id));
                case NOT_ON_HOLD -> ctx.fail(new ApiException(409, "Conflict", "violation " + id
                        + " is rejected, so it is not on hold; retention deletes it after retention.violations_days"));
                case ALREADY_RELEASED -> ctx.fail(new ApiException(409, "Conflict", "the hold on violation " + id
                        + " was already released"));
                default -> throw new IllegalStateException(result.result().toString());
            }
        });
    }
}
