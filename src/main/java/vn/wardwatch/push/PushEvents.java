package vn.wardwatch.push;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import vn.wardwatch.pipeline.EventBusPublisher;

/** The event-bus addresses that are pushed, and how one bus message becomes a {@link PushMessage}. */
public final class PushEvents {

    public static final String WARNING = "warning";
    public static final String LEVEL = "level";
    public static final String VIOLATION = "violation";
    public static final String CAMERA_STATE = "camera_state";
    public static final String COUNT = "count";

    /** Address -> event type. Counts are too chatty for webhooks and MQTT; SSE carries them on request. */
    public static final Map<String, String> ADDRESSES = Map.of(
            EventBusPublisher.WARNINGS, WARNING,
            EventBusPublisher.LEVELS, LEVEL,
            EventBusPublisher.VIOLATIONS, VIOLATION,
            EventBusPublisher.CAMERA_STATE, CAMERA_STATE,
            EventBusPublisher.COUNTS, COUNT);

    private PushEvents() {
    }

    /** Wraps a bus message of {@code type} with a fresh id; the camera is required, the rest optional. */
    public static PushMessage message(String type, JsonObject data) {
        String camera = data.getString("camera");
        if (camera == null || camera.isEmpty()) {
            throw new IllegalArgumentException(type + " event without a camera: " + data.encode());
        }
        String zone = data.getValue("zone") instanceof String z && !z.isEmpty() ? z : null;
        return new PushMessage(UUID.randomUUID().toString(), type, data, camera, zone, eventTime(data));
    }

    private static Instant eventTime(JsonObject data) {
        for (String key : new String[] {"frameAt", "at"}) {
            if (data.getValue(key) instanceof String text) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // an unreadable time only costs the latency measurement
                }
            }
        }
        return null;
    }
}
