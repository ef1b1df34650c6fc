package vn.wardwatch.push;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One event to push, as read from the event bus.
 *
 * @param id       unique per message: the webhook {@code Idempotency-Key}
 * @param type     warning, level, violation, camera_state or count
 * @param data     the event's JSON as published on the bus (the SSE data and the MQTT payload)
 * @param camera   the camera it concerns
 * @param zone     the zone, or null for camera-wide events
 * @param eventAt  the event's {@code frameAt} (else {@code at}), or null: where delivery latency is measured from
 */
public record PushMessage(String id, String type, JsonObject data, String camera, String zone, Instant eventAt) {

    /** Order is kept within a key: per zone where there is one, else per camera. */
    public String orderKey() {
        return zone == null ? camera : camera + "/" + zone;
    }

    /** The webhook body: the event wrapped with its id and type, so that a receiver needs no headers to route it. */
    public JsonObject webhookBody() {
        return new JsonObject().put("id", id).put("event", type).put("data", data);
    }
}
