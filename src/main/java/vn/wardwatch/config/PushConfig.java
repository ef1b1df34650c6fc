package vn.wardwatch.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Push to the operations centre ({@code push} in the YAML): webhooks with a persisted outbox, and MQTT.
 *
 * @param webhooks     targets that receive signed JSON POSTs; empty for none
 * @param mqtt         the MQTT broker, or null for none
 * @param retryInitial first delay after a failed webhook delivery; doubles per attempt
 * @param retryMax     the longest delay between two attempts
 * @param keepDays     delivered and dead-lettered outbox rows are kept this long for audit, then pruned
 */
public record PushConfig(List<Webhook> webhooks, Mqtt mqtt, Duration retryInitial, Duration retryMax, int keepDays) {

    /** The event kinds a target can ask for. */
    public static final List<String> EVENTS = List.of("warning", "level", "violation", "camera_state");

    public static final PushConfig NONE = new PushConfig(List.of(), null, Duration.ofSeconds(1),
            Duration.ofMinutes(5), 7);

    public boolean any() {
        return !webhooks.isEmpty() || mqtt != null;
    }

    /** @param secret the resolved HMAC key; never logged */
    public record Webhook(String id, String url, String secret, Set<String> events, Duration timeout) {
        @Override
        public String toString() {
            return "Webhook[id=" + id + ", url=" + url + ", events=" + events + ", timeout=" + timeout + "]";
        }
    }

    /**
     * @param password     resolved from its reference, or null; never logged
     * @param offlineQueue messages kept in memory while the broker is unreachable (oldest dropped beyond it)
     */
    public record Mqtt(String url, String clientId, String topicPrefix, String username, String password,
                       int offlineQueue) {
        @Override
        public String toString() {
            return "Mqtt[url=" + url + ", clientId=" + clientId + ", topicPrefix=" + topicPrefix + ", username="
                    + username + ", offlineQueue=" + offlineQueue + "]";
        }
    }
}
