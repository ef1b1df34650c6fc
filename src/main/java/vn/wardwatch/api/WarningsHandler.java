package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.warning.Warning;

/** {@code /api/v1/warnings} (active ones and history) and {@code /api/v1/warnings/{id}/snapshot}. */
final class WarningsHandler {

    static final int DEFAULT_LIMIT = 50;

    private final Vertx vertx;
    private final ApiDependencies.Traffic traffic;
    private final ApiDependencies.Security security;

    WarningsHandler(Vertx vertx, ApiDependencies.Traffic traffic, ApiDependencies.Security security) {
        this.vertx = vertx;
        this.traffic = traffic;
        this.security = security;
    }

    void list(RoutingContext ctx) {
        ApiDependencies.Traffic t = required();
        String active = ctx.queryParams().get("active");
        QueryParams.Range range = QueryParams.range(ctx);
        Instant from = range.from();
        Instant to = range.to();
        int limit = QueryParams.limit(ctx, DEFAULT_LIMIT);
        WarningQuery query = new WarningQuery(active == null ? null : Boolean.valueOf(active),
                ctx.queryParams().get("camera"), ctx.queryParams().get("zone"), ctx.queryParams().get("kind"), from,
                to, limit);
        var user = Access.user(ctx);
        vertx.executeBlocking(() -> t.repository().list(query)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray out = new JsonArray();
            for (StoredWarning s : result.result()) {
                if (security.scope().sees(user, s.warning().cameraId())) {
                    out.add(json(s.warning()));
                }
            }
            Json.send(ctx, 200, new JsonObject().put("warnings", out));
        });
    }

    void snapshot(RoutingContext ctx) {
        ApiDependencies.Traffic t = required();
        String id = ctx.pathParam("warningId");
        var user = Access.user(ctx);
        PrivateMedia.send(vertx, ctx, "image/jpeg", PrivateMedia.CACHE_AN_HOUR, () -> {
            StoredWarning w = t.repository().find(id).filter(s -> security.scope().sees(user, s.warning().cameraId()))
                    .orElseThrow(() -> ApiException.notFound("no warning with id " + id));
            Path file = t.snapshots().resolve(w.snapshotFile()).orElseThrow(() -> ApiException.notFound("warning "
                    + id + " has no snapshot (it could not be written, or its file is gone)"));
            if (!user.role().seesPlates()) {
                // A street picture shows plates and faces: masked for coordinators and the operations centre.
                file = MaskedMedia.masked(security.masker(), file, "image");
            }
            return Buffer.buffer(Files.readAllBytes(file));
        });
    }

    /** A stored warning in the same shape as on the event bus, {@code at} being its latest state's frame time. */
    static JsonObject json(Warning w) {
        return new JsonObject().put("id", w.id()).put("camera", w.cameraId()).put("zone", w.zoneId())
                .put("kind", w.kind()).put("state", w.state()).put("level", w.level()).put("active", w.active())
                .put("raisedAt", w.raisedAt().toString())
                .put("clearedAt", w.clearedAt() == null ? null : w.clearedAt().toString())
                .put("at", w.frameAt().toString()).put("metrics", new JsonObject(w.metrics()))
                .put("snapshot", w.snapshotUrl());
    }

    private ApiDependencies.Traffic required() {
        if (traffic == null) {
            throw new ApiException(503, "Service Unavailable", "this server keeps no warnings");
        }
        return traffic;
    }
}
