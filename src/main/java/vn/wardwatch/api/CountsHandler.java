package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRepository;
import vn.wardwatch.storage.CountRow;

/** {@code /api/v1/counts}: stored per-minute counts regrouped into interval buckets. */
final class CountsHandler {

    private static final Map<String, Duration> INTERVALS = Map.of("1m", Duration.ofMinutes(1),
            "5m", Duration.ofMinutes(5), "15m", Duration.ofMinutes(15), "1h", Duration.ofHours(1),
            "1d", Duration.ofDays(1));

    private final Vertx vertx;
    private final CountRepository counts;
    private final Clock clock;
    private final CameraScope scope;

    CountsHandler(Vertx vertx, CountRepository counts, Clock clock, CameraScope scope) {
        this.vertx = vertx;
        this.counts = counts;
        this.clock = clock;
        this.scope = scope;
    }

    void handle(RoutingContext ctx) {
        String intervalName = ctx.queryParams().get("interval") == null ? "15m" : ctx.queryParams().get("interval");
        Duration interval = INTERVALS.get(intervalName);
        if (interval == null) {
            throw ApiException.badRequest("query parameter 'interval' must be one of 1m, 5m, 15m, 1h, 1d");
        }
        Instant to = QueryParams.instant(ctx, "to");
        Instant from = QueryParams.instant(ctx, "from");
        if (to == null) {
            to = from == null ? clock.instant() : from.plus(Duration.ofHours(1));
        }
        if (from == null) {
            from = to.minus(Duration.ofHours(1));
        }
        // Buckets align on whole minutes, as the stored rows do.
        from = from.truncatedTo(ChronoUnit.MINUTES);
        QueryParams.requireOrder(from, to);
        Duration span = Duration.between(from, to);
        Duration maxSpan = interval.equals(Duration.ofMinutes(1)) ? Duration.ofDays(31) : Duration.ofDays(366);
        if (span.compareTo(maxSpan) > 0) {
            throw ApiException.badRequest("the range from 'from' to 'to' is " + span.toDays() + " days; at interval "
                    + intervalName + " it may be at most " + maxSpan.toDays() + " days");
        }
        String classParam = ctx.queryParams().get("class");
        ObjectClass objectClass = classParam == null ? null : ObjectClass.fromWireName(classParam)
                .orElseThrow(() -> ApiException.badRequest("query parameter 'class' has unknown value '"
                        + classParam + "'"));
        CountQuery query = new CountQuery(ctx.queryParams().get("camera"), ctx.queryParams().get("line"),
                objectClass, ctx.queryParams().get("direction"), from, to, interval);
        Instant finalFrom = from;
        Instant finalTo = to;
        var user = Access.user(ctx);
        vertx.executeBlocking(() -> counts.query(query)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray buckets = new JsonArray();
            for (CountRow row : result.result()) {
                if (!scope.sees(user, row.cameraId())) {
                    continue;
                }
                buckets.add(new JsonObject().put("start", row.bucketStart().toString()).put("camera", row.cameraId())
                        .put("line", row.lineId()).put("class", row.objectClass().wireName())
                        .put("direction", row.direction()).put("count", row.count()));
            }
            Json.send(ctx, 200, new JsonObject().put("from", finalFrom.toString()).put("to", finalTo.toString())
                    .put("interval", intervalName).put("buckets", buckets));
        });
    }
}
