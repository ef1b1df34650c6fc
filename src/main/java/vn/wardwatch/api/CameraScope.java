package vn.wardwatch.api;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import vn.wardwatch.auth.User;

/**
 * Which cameras a user sees: the union of the configured {@code camera_groups} the user is in; admins and users
 * with the group {@code *} see every camera. A group that is not configured (any more) gives no camera.
 */
public final class CameraScope {

    private final Map<String, Set<String>> groups;

    public CameraScope(Map<String, Set<String>> groups) {
        this.groups = Map.copyOf(groups);
    }

    public static CameraScope none() {
        return new CameraScope(Map.of());
    }

    public boolean sees(User user, String cameraId) {
        if (user.allCameras()) {
            return true;
        }
        for (String g : user.groups()) {
            Set<String> ids = groups.get(g);
            if (ids != null && ids.contains(cameraId)) {
                return true;
            }
        }
        return false;
    }

    /** The cameras of a scoped user; null for a user who sees every camera. */
    public Set<String> cameras(User user) {
        if (user.allCameras()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        user.groups().forEach(g -> out.addAll(groups.getOrDefault(g, Set.of())));
        return out;
    }

    /** Group names a user may be given: the configured ones and {@code *}. */
    public boolean knows(String group) {
        return User.ALL_GROUPS.equals(group) || groups.containsKey(group);
    }
}
