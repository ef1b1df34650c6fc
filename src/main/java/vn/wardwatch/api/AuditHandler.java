package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.audit.AuditEntry;
import vn.wardwatch.audit.AuditQuery;

/** {@code GET /api/v1/audit} (issue 8): the audit log, newest first. Admin only (the auth layer enforces it). */
final class AuditHandler {

    static final int DEFAULT_LIMIT = 100;

    private final Vertx vertx;
    private final ApiDependencies.Governance deps;

    AuditHandler(Vertx vertx, ApiDependencies.Governance deps) {
        this.vertx = vertx;
        this.deps = deps;
    }

    void list(RoutingContext ctx) {
        ApiDependencies.Governance d = ApiDependencies.Governance.available(deps);
        QueryParams.Range range = QueryParams.range(ctx);
        AuditQuery q = new AuditQuery(range.from(), range.to(), ctx.queryParams().get("actor"),
                ctx.queryParams().get("action"), QueryParams.limit(ctx, DEFAULT_LIMIT));
        vertx.executeBlocking(() -> d.audit().list(q)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray out = new JsonArray();
            for (AuditEntry e : result.result()) {
                out.add(new JsonObject().put("seq", e.seq()).put("at", Json.instant(e.at())).put("actor", e.actor())
                        .put("action", e.action()).put("target", e.target()).put("detail", e.detail())
                        .put("prevHash", e.prevHash()).put("entryHash", e.entryHash()));
            }
            Json.send(ctx, 200, new JsonObject().put("entries", out));
        });
    }
}
