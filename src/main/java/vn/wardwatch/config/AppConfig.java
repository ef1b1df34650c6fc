package vn.wardwatch.config;

import java.util.Map;

/** The whole validated configuration. Cameras keep the order of the YAML file. */
public record AppConfig(ApiConfig api, StorageConfig storage, DetectorConfig detector, EvidenceConfig evidence,
                        Map<String, CameraConfig> cameras, PushConfig push) {

    /** Without push (commands and tests that do not push). */
    public AppConfig(ApiConfig api, StorageConfig storage, DetectorConfig detector, EvidenceConfig evidence,
                     Map<String, CameraConfig> cameras) {
        this(api, storage, detector, evidence, cameras, PushConfig.NONE);
    }
}
