package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Pictures and files the API serves that show personal data (plates, faces, vehicles): read off the event loop,
 * answered with {@code Cache-Control: private} so that no shared cache keeps them.
 */
final class PrivateMedia {

    /** Until a stored picture could change: it never does, but a browser need not keep it long. */
    static final String CACHE_AN_HOUR = "private, max-age=3600";
    static final String NO_STORE = "private, no-store";

    private PrivateMedia() {
    }

    /** Loads the bytes on a worker thread; a failure (e.g. an {@link ApiException}) becomes the problem answer. */
    static void send(Vertx vertx, RoutingContext ctx, String contentType, String cacheControl, Callable<Buffer> load) {
        vertx.executeBlocking(load).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", cacheControl)
                    .end(result.result());
        });
    }
}
