package vn.wardwatch.push;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Events shaped like the traffic engine's (see docs/schemas), numbered by {@code metrics.seq}. */
final class PushEventsFixture {

    private PushEventsFixture() {
    }

    static JsonObject warning(String camera, String zone, int seq) {
        String now = Instant.now().toString();
        return new JsonObject().put("id", camera + "-" + zone + "-" + seq).put("camera", camera).put("zone", zone)
                .put("kind", "congestion").put("state", "raised").put("level", "congested").put("at", now)
                .put("raisedAt", now).putNull("clearedAt").put("frameAt", now)
                .put("metrics", new JsonObject().put("seq", seq).put("occupancy", 0.82))
                .put("snapshot", "/api/v1/warnings/" + camera + "-" + zone + "-" + seq + "/snapshot");
    }

    static JsonObject level(String camera, String zone, String level, int seq) {
        String now = Instant.now().toString();
        return new JsonObject().put("camera", camera).put("zone", zone).put("level", level).put("at", now)
                .put("frameAt", now).put("metrics", new JsonObject().put("seq", seq).put("occupancy", 0.5));
    }
}
