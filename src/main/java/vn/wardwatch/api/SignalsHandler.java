package vn.wardwatch.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import io.vertx.core.Vertx;
import vn.wardwatch.auth.User;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;

/** {@code /api/v1/signals}: every head's state, and pushes from signal controllers. No blocking work. */
final class SignalsHandler {

    private final Map<String, SignalBoard> boards;
    private final SignalReports reports;
    private final Clock clock;
    private final Vertx vertx;
    private final ApiDependencies.Security security;

    SignalsHandler(Vertx vertx, ApiDependencies.Violations deps, Clock clock, ApiDependencies.Security security) {
        this.vertx = vertx;
        this.boards = deps == null ? Map.of() : deps.signals();
        this.reports = deps == null ? SignalReports.NONE : deps.reports();
        this.clock = clock;
        this.security = security;
    }

    void list(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        User user = Access.user(ctx);
        boards.forEach((id, board) -> {
            if (!security.scope().sees(user, board.cameraId())) {
                return;
            }
            // In a cluster the head's camera runs on a worker: its board there reads the frames.
            reports.reported(board.cameraId(), id).ifPresentOrElse(
                    r -> out.add(json(board.cameraId(), r.state(), r.latestStreamMillis())),
                    () -> board.state(id).ifPresent(s -> out.add(json(board.cameraId(), s,
                            board.latestStreamMillis()))));
        });
        Json.send(ctx, 200, new JsonObject().put("signals", out));
    }

    void put(RoutingContext ctx) {
        String id = ctx.pathParam("signalId");
        SignalBoard board = boards.get(id);
        User user = Access.user(ctx);
        if (board == null || !security.scope().sees(user, board.cameraId())) {
            throw ApiException.notFound("no signal head " + id + " in any camera's geometry.signal_heads");
        }
        JsonObject body = RequestBodies.json(ctx); // shape checked by the contract
        SignalColour colour = SignalColour.fromWireName(body.getString("state"));
        Instant at = clock.instant();
        String atText = body.getString("at");
        if (atText != null) {
            try {
                at = OffsetDateTime.parse(atText).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("'at' must be an RFC 3339 date-time such as"
                        + " 2026-11-22T08:00:00.250+07:00, got '" + atText + "'");
            }
            if (at.isBefore(QueryParams.EARLIEST) || at.isAfter(QueryParams.LATEST)) {
                // Years up to +-999999999 parse, and overflow as epoch milliseconds.
                throw ApiException.badRequest("'at' must be between " + QueryParams.EARLIEST + " and "
                        + QueryParams.LATEST + ", got '" + atText + "'");
            }
        }
        JsonObject state;
        try {
            state = json(board.cameraId(), board.push(id, colour, at), board.latestStreamMillis());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
        String detail = new JsonObject().put("state", colour.wireName()).put("at", at.toString()).encode();
        // The audit trail may write to disk: off the event loop, answered once recorded.
        vertx.executeBlocking(() -> {
            security.audit().record(user.name(), "signal.put", "signal:" + id, detail);
            return null;
        }).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                Json.send(ctx, 200, state);
            }
        });
    }

    private static JsonObject json(String cameraId, SignalState s, long latestStreamMillis) {
        return new JsonObject().put("id", s.headId()).put("camera", cameraId)
                .put("state", s.colour().wireName()).put("source", s.source())
                .put("heldSeconds", Json.round(Math.max(0, s.heldMillis(latestStreamMillis)) / 1000.0));
    }
}
