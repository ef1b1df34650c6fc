package vn.wardwatch.pipeline;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import vn.wardwatch.analytics.counting.CountEvent;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.violation.ViolationType;

/**
 * Publishes what the pipeline sees on the Vert.x event bus, so that API nodes (and later SSE, webhooks, MQTT)
 * receive it without knowing where the camera runs. Publishing is non-blocking and safe from any thread.
 */
public final class EventBusPublisher {

    public static final String COUNTS = "wardwatch.counts";
    public static final String CAMERA_STATE = "wardwatch.camera.state";
    public static final String VIOLATIONS = "wardwatch.violations";
    /** Congestion, crowd and surge warnings: raised, updated, cleared (issue 6; see docs/PUSH.md). */
    public static final String WARNINGS = "wardwatch.warnings";
    /** A zone's congestion level changed (issue 6). */
    public static final String LEVELS = "wardwatch.levels";

    private final EventBus bus;

    public EventBusPublisher(EventBus bus) {
        this.bus = bus;
    }

    public void count(CountEvent e) {
        bus.publish(COUNTS, new JsonObject().put("camera", e.cameraId()).put("line", e.lineId())
                .put("class", e.objectClass().wireName()).put("direction", e.direction())
                .put("at", e.wallTime().toString()));
    }

    public void cameraState(String cameraId, String state, String detail) {
        bus.publish(CAMERA_STATE, new JsonObject().put("camera", cameraId).put("state", state).put("detail", detail));
    }

    /** A violation whose evidence is stored; its type by wire name (red_light), as the API and push show it. */
    public void violation(StoredViolation v) {
        String type = ViolationType.fromWireName(v.type()).map(ViolationType::wireName).orElse(v.type());
        bus.publish(VIOLATIONS, new JsonObject().put("id", v.id()).put("camera", v.cameraId()).put("type", type)
                .put("at", v.occurredAt().toString()).put("plate", v.plateText()));
    }
}
