package vn.wardwatch.config;

import java.util.Map;

/** The whole validated configuration. Cameras keep the order of the YAML file. */
public record AppConfig(ApiConfig api, StorageConfig storage, DetectorConfig detector, EvidenceConfig evidence,
                        Map<String, CameraConfig> cameras, PushConfig push, RetentionConfig retention,
                        AuthConfig auth, ClusterConfig cluster) {

    /** Not in a cluster (one process). */
    public AppConfig(ApiConfig api, StorageConfig storage, DetectorConfig detector, EvidenceConfig evidence,
                     Map<String, CameraConfig> cameras, PushConfig push, RetentionConfig retention, AuthConfig auth) {
        this(api, storage, detector, evidence, cameras, push, retention, auth, ClusterConfig.NONE);
    }

    /** With the default retention and no camera groups (every user with groups '*' or the admin role sees everything). */
    public AppConfig(ApiConfig api, StorageConfig storage, DetectorConfig detector, EvidenceConfig evidence,
                     Map<String, CameraConfig> cameras, PushConfig push) {
        this(api, storage, detector, evidence, cameras, push, RetentionConfig.DEFAULTS, AuthConfig.DEFAULT);
    }

    /** Without push (commands and tests that do not push). */
    public AppConfig(ApiConfig api, StorageConfig storage, DetectorConfig detector, EvidenceConfig evidence,
                     Map<String, CameraConfig> cameras) {
        this(api, storage, detector, evidence, cameras, PushConfig.NONE);
    }
}
