package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.ingest.LatestFrame;
import vn.wardwatch.privacy.MaskingBusyException;
import vn.wardwatch.privacy.MediaMasker;

/**
 * {@code /api/v1/cameras/{cameraId}/frame}: the camera's latest analysed frame as JPEG (issue 9), encoded on a
 * worker thread when asked for. It shows plates and faces: roles without the plate right get it through the media
 * masker (blurred in memory, nothing kept), or not at all when none is configured.
 */
final class FrameHandler {

    private final Vertx vertx;
    private final CameraStatusSource cameras;
    private final CameraScope scope;
    private final MediaMasker masker;

    FrameHandler(Vertx vertx, CameraStatusSource cameras, CameraScope scope, MediaMasker masker) {
        this.vertx = vertx;
        this.cameras = cameras;
        this.scope = scope;
        this.masker = masker;
    }

    void handle(RoutingContext ctx) {
        String id = ctx.pathParam("cameraId");
        var user = Access.user(ctx);
        if (!scope.sees(user, id)) {
            throw ApiException.notFound("no camera with id '" + id + "'");
        }
        int width = QueryParams.wholeNumber(ctx, "width", LatestFrame.MAX_WIDTH);
        boolean masked = !user.role().seesPlates();
        if (masked && masker == null) {
            MaskedMedia.refuse("live frame");
        }
        LatestFrame.Edit edit = masked ? this::mask : null;
        // Here, or in a cluster from the worker running the camera; masked on this side either way.
        cameras.jpeg(vertx, id, width, edit).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            LatestFrame.Jpeg jpeg = result.result();
            ctx.response().putHeader("Content-Type", "image/jpeg")
                    .putHeader("Cache-Control", PrivateMedia.NO_STORE)
                    .putHeader("X-Frame-Time", Json.instant(jpeg.at()))
                    .end(io.vertx.core.buffer.Buffer.buffer(jpeg.bytes()));
        });
    }

    private void mask(org.opencv.core.Mat bgr) throws java.io.IOException {
        try {
            if (!masker.maskFrame(bgr)) {
                MaskedMedia.refuse("live frame");
            }
        } catch (MaskingBusyException e) {
            throw new ApiException(503, "Service Unavailable", e.getMessage() + "; try again shortly");
        }
    }
}
