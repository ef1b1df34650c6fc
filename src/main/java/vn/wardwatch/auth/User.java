package vn.wardwatch.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling: a person with a password, or a machine token (role {@link Role#IOC}).
 *
 * @param groups the camera groups this user sees, or {@link #ALL_GROUPS} alone for every camera
 */
public record User(String name, Role role, Set<String> groups, Instant createdAt, boolean disabled) {

    /** The group list that means every camera. */
    public static final String ALL_GROUPS = "*";

    public User {
        groups = Set.copyOf(groups);
    }

    public boolean allCameras() {
        return role == Role.ADMIN || groups.contains(ALL_GROUPS);
    }
}
