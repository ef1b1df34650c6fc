package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import vn.wardwatch.storage.StoredZoneMinute;

/** {@code /api/v1/zones/minutes}: each zone's traffic per minute, newest first, for congestion history and trends. */
final class ZoneMinutesHandler {

    static final int DEFAULT_LIMIT = 60;

    private final Vertx vertx;
    private final ApiDependencies.Traffic traffic;
    private final CameraScope scope;

    ZoneMinutesHandler(Vertx vertx, ApiDependencies.Traffic traffic, CameraScope scope) {
        this.vertx = vertx;
        this.traffic = traffic;
        this.scope = scope;
    }

    void list(RoutingContext ctx) {
        if (traffic == null) {
            throw new ApiException(503, "Service Unavailable", "this server keeps no zone traffic");
        }
        QueryParams.Range range = QueryParams.range(ctx);
        Instant from = range.from();
        Instant to = range.to();
        int limit = QueryParams.limit(ctx, DEFAULT_LIMIT);
        String camera = ctx.queryParams().get("camera");
        String zone = ctx.queryParams().get("zone");
        var user = Access.user(ctx);
        vertx.executeBlocking(() -> traffic.minutes().list(camera, zone, from, to, limit)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray out = new JsonArray();
            for (StoredZoneMinute m : result.result()) {
                if (!scope.sees(user, m.cameraId())) {
                    continue;
                }
                out.add(new JsonObject(m.summary().toMap()).put("camera", m.cameraId()).put("zone", m.zoneId())
                        .put("localMinuteStart", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                m.summary().minuteStart().atOffset(m.utcOffset()))));
            }
            Json.send(ctx, 200, new JsonObject().put("minutes", out));
        });
    }
}
