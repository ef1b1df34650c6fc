package vn.wardwatch.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.wardwatch.auth.User;

/**
 * The live and IOC snapshots are built once for every poller; a user limited to some cameras gets a copy with the
 * other cameras taken out. The ETag stays the full snapshot's: it still changes whenever the user's part changes.
 */
final class ScopedSnapshot {

    /** Answers depend on the caller now: no shared cache may keep them. */
    static final String CACHE_CONTROL = "private, max-age=1";

    private ScopedSnapshot() {
    }

    static Buffer forUser(RoutingContext ctx, CameraScope scope, Buffer body) {
        User user = Access.user(ctx);
        if (user.allCameras()) {
            return body;
        }
        JsonObject all = new JsonObject(body);
        JsonArray mine = new JsonArray();
        for (Object o : all.getJsonArray("cameras", new JsonArray())) {
            if (o instanceof JsonObject camera && scope.sees(user, camera.getString("id"))) {
                mine.add(camera);
            }
        }
        return all.copy().put("cameras", mine).toBuffer();
    }
}
