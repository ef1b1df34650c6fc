package vn.wardwatch.config;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Who sees which cameras, and how long a login lasts (issue 8).
 *
 * @param cameraGroups top-level {@code camera_groups}: group name to camera ids (every id is a configured camera)
 * @param sessionLength {@code auth.session_hours}, default 8
 */
public record AuthConfig(Map<String, Set<String>> cameraGroups, Duration sessionLength) {

    public static final AuthConfig DEFAULT = new AuthConfig(Map.of(), Duration.ofHours(8));

    public AuthConfig {
        cameraGroups = Map.copyOf(cameraGroups);
    }
}
