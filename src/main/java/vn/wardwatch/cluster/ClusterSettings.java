package vn.wardwatch.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * Where this member listens and whom it joins.
 *
 * @param name                    Hazelcast cluster name: members of different deployments never merge
 * @param host                    the interface to bind (127.0.0.1 in tests)
 * @param port                    this member's Hazelcast port
 * @param members                 "host:port" of the members to join (this one may be among them)
 * @param sharedEvidenceDir       evidence packages, the same path on every node (a shared volume)
 * @param failureDetectionSeconds a member silent this long is dropped and its cameras move
 */
public record ClusterSettings(String name, String host, int port, List<String> members, Path sharedEvidenceDir,
                              int failureDetectionSeconds) {

    public ClusterSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--cluster-host: required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--cluster-port: " + port + " is not a port (1-65535)");
        }
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("--cluster-members: at least one host:port to join");
        }
        for (String m : members) {
            if (!vn.wardwatch.config.ClusterConfig.MEMBER.matcher(m).matches()) {
                throw new IllegalArgumentException("--cluster-members: '" + m + "' is not host:port");
            }
        }
        if (failureDetectionSeconds < 2) {
            throw new IllegalArgumentException("--cluster-failure-seconds: at least 2, not "
                    + failureDetectionSeconds);
        }
        members = List.copyOf(members);
    }
}
