package vn.wardwatch.pipeline;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import vn.wardwatch.analytics.counting.CountEvent;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.violation.ViolationType;
import vn.wardwatch.warning.Warning;

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

    /** A warning raised, updated or cleared, once its row (and snapshot) is stored. */
    public void warning(Warning w) {
        bus.publish(WARNINGS, warningJson(w, Instant.now()));
    }

    /** The issue-6 wire form of a warning; {@code at} is when it is published. */
    public static JsonObject warningJson(Warning w, Instant at) {
        return new JsonObject().put("id", w.id()).put("camera", w.cameraId()).put("zone", w.zoneId())
                .put("kind", w.kind()).put("state", w.state()).put("level", w.level()).put("at", at.toString())
                .put("raisedAt", w.raisedAt().toString())
                .put("clearedAt", w.clearedAt() == null ? null : w.clearedAt().toString())
                .put("frameAt", w.frameAt().toString()).put("metrics", new JsonObject(w.metrics()))
                .put("snapshot", w.snapshotUrl());
    }

    /** A zone's congestion level changed (after hysteresis and minimum duration). */
    public void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics, Instant frameAt) {
        bus.publish(LEVELS, new JsonObject().put("camera", cameraId).put("zone", zoneId).put("level", level.wireName())
                .put("at", Instant.now().toString()).put("frameAt", frameAt.toString())
                .put("metrics", new JsonObject(metrics.toMap())));
    }
}
