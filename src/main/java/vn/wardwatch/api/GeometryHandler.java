package vn.wardwatch.api;

import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.config.CameraConfig;

/** {@code /api/v1/cameras/{cameraId}/geometry}: what the camera counts and enforces, to draw over its frame. */
final class GeometryHandler {

    private final CameraStatusSource cameras;
    private final CameraScope scope;

    GeometryHandler(CameraStatusSource cameras, CameraScope scope) {
        this.cameras = cameras;
        this.scope = scope;
    }

    void handle(RoutingContext ctx) {
        String id = ctx.pathParam("cameraId");
        // Another group's camera is "not found", as for every camera resource.
        CameraConfig camera = scope.sees(Access.user(ctx), id) ? cameras.config(id).orElse(null) : null;
        if (camera == null) {
            throw ApiException.notFound("no camera with id '" + id + "'");
        }
        Json.send(ctx, 200, GeometryJson.of(camera));
    }
}
