package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.wardwatch.storage.CameraStateRepository;

/** {@code /api/v1/cameras} and {@code /api/v1/cameras/{cameraId}}. */
final class CamerasHandler {

    private final Vertx vertx;
    private final CameraStatusSource cameras;
    private final CameraStateRepository stateHistory;
    private final CameraScope scope;

    CamerasHandler(Vertx vertx, CameraStatusSource cameras, CameraStateRepository stateHistory, CameraScope scope) {
        this.vertx = vertx;
        this.cameras = cameras;
        this.stateHistory = stateHistory;
        this.scope = scope;
    }

    void list(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        var user = Access.user(ctx);
        for (CameraStatus c : cameras.cameras()) {
            if (scope.sees(user, c.id())) {
                out.add(Json.camera(c));
            }
        }
        Json.send(ctx, 200, new JsonObject().put("cameras", out));
    }

    void one(RoutingContext ctx) {
        String id = ctx.pathParam("cameraId");
        var user = Access.user(ctx);
        CameraStatus camera = cameras.cameras().stream().filter(c -> c.id().equals(id) && scope.sees(user, id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no camera with id '" + id + "'"));
        // The history comes from the database: off the event loop.
        vertx.executeBlocking(() -> stateHistory.recent(id, 20)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray history = new JsonArray();
            for (CameraStateRepository.CameraStateChange change : result.result()) {
                history.add(new JsonObject().put("state", change.state()).put("at", change.at().toString())
                        .put("detail", change.detail()));
            }
            Json.send(ctx, 200, Json.camera(camera).put("stateHistory", history));
        });
    }

    static List<String> ids(CameraStatusSource source) {
        return source.cameras().stream().map(CameraStatus::id).toList();
    }
}
