package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRepository;
import vn.wardwatch.storage.CountRow;

/**
 * {@code /api/v1/counts}: stored per-minute counts regrouped into interval buckets, as JSON or, with
 * {@code format=csv} or {@code Accept: text/csv}, as a CSV download.
 */
final class CountsHandler {

    private static final Map<String, Duration> INTERVALS = Map.of("1m", Duration.ofMinutes(1),
            "5m", Duration.ofMinutes(5), "15m", Duration.ofMinutes(15), "1h", Duration.ofHours(1),
            "1d", Duration.ofDays(1), "1w", Duration.ofDays(7));
    static final String WEEK = "1w";

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
            throw ApiException.badRequest("query parameter 'interval' must be one of 1m, 5m, 15m, 1h, 1d, 1w");
        }
        Instant to = QueryParams.instant(ctx, "to");
        Instant from = QueryParams.instant(ctx, "from");
        if (to == null) {
            to = from == null ? clock.instant() : from.plus(Duration.ofHours(1));
        }
        if (from == null) {
            from = to.minus(Duration.ofHours(1));
        }
        // Buckets align on whole minutes, as the stored rows do; weeks on Monday 00:00.
        from = from.truncatedTo(ChronoUnit.MINUTES);
        if (WEEK.equals(intervalName)) {
            from = weekStart(from, offset(ctx.queryParams().get("from")));
        }
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
        boolean csv = wantsCsv(ctx);
        vertx.executeBlocking(() -> counts.query(query)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            List<CountRow> rows = result.result().stream().filter(row -> scope.sees(user, row.cameraId())).toList();
            if (csv) {
                ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\""
                                + CountsCsv.fileName(finalFrom, finalTo) + "\"")
                        .putHeader("Cache-Control", "no-store")
                        .end(CountsCsv.of(rows));
                return;
            }
            JsonArray buckets = new JsonArray();
            for (CountRow row : rows) {
                buckets.add(new JsonObject().put("start", row.bucketStart().toString()).put("camera", row.cameraId())
                        .put("line", row.lineId()).put("class", row.objectClass().wireName())
                        .put("direction", row.direction()).put("count", row.count()));
            }
            Json.send(ctx, 200, new JsonObject().put("from", finalFrom.toString()).put("to", finalTo.toString())
                    .put("interval", intervalName).put("buckets", buckets));
        });
    }

    /** {@code format=csv} wins; without {@code format}, an {@code Accept} that names text/csv. */
    static boolean wantsCsv(RoutingContext ctx) {
        String format = ctx.queryParams().get("format");
        if (format != null) {
            return format.equals("csv");
        }
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    /**
     * ISO weeks at the UTC offset the caller wrote {@code from} with (a console in Hanoi sends +07:00, so its weeks
     * start on Monday 00:00 Hanoi time); UTC without {@code from}.
     */
    static ZoneOffset offset(String fromParam) {
        if (fromParam == null) {
            return ZoneOffset.UTC;
        }
        return OffsetDateTime.parse(fromParam).getOffset(); // already checked by QueryParams.instant
    }

    /** The Monday 00:00 at {@code offset} at or before {@code t}. */
    static Instant weekStart(Instant t, ZoneOffset offset) {
        return t.atOffset(offset).truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
    }
}
