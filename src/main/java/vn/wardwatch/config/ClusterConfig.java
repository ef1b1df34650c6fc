package vn.wardwatch.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Cluster mode (issue 10), the {@code cluster:} section. Absent, a serve process runs everything alone (role
 * {@code all}). {@code serve}'s {@code --role} and {@code --cluster-*} options override each value, so one file can
 * serve every node with only the role given on the command line.
 *
 * @param role           {@code all} (one process, no cluster), {@code api} or {@code worker}
 * @param host           the interface this member binds
 * @param port           this member's Hazelcast port
 * @param members        "host:port" of the members to join (required with role api or worker)
 * @param name           members with different names never merge
 * @param failureSeconds a member silent this long is dropped and its cameras move
 */
public record ClusterConfig(String role, String host, int port, List<String> members, String name,
                            int failureSeconds) {

    public static final List<String> ROLES = List.of("all", "api", "worker");
    /** What a member address looks like: host:port. */
    public static final Pattern MEMBER = Pattern.compile("[^:\\s]+:\\d{1,5}");
    public static final int MIN_FAILURE_SECONDS = 2;
    public static final int MAX_FAILURE_SECONDS = 300;

    /** No cluster section: one process. */
    public static final ClusterConfig NONE = new ClusterConfig("all", "127.0.0.1", 5701, List.of(), "wardwatch", 5);

    public ClusterConfig {
        members = List.copyOf(members);
    }

    /** These values with each non-null command-line option in place of the file's. */
    public ClusterConfig overriddenBy(String newRole, String newHost, Integer newPort, List<String> newMembers,
                                      String newName, Integer newFailureSeconds) {
        return new ClusterConfig(newRole != null ? newRole : role, newHost != null ? newHost : host,
                newPort != null ? newPort : port, newMembers != null ? newMembers : members,
                newName != null ? newName : name, newFailureSeconds != null ? newFailureSeconds : failureSeconds);
    }
}
