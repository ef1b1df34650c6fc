package vn.wardwatch.config;

import java.time.ZoneId;

/**
 * One camera: where it stands, where its stream comes from, how it is analysed, its counting and violation geometry,
 * its plate reading, its violation detection and its recording.
 */
public record CameraConfig(String id, String name, ZoneId timezone, LocationConfig location, SourceConfig source,
                           DetectConfig detect, GeometryConfig geometry, PlateConfig plates,
                           ViolationConfig violations, TrafficConfig traffic, RecordingConfig recording) {

    /** Not recorded (recording is off unless configured). */
    public CameraConfig(String id, String name, ZoneId timezone, LocationConfig location, SourceConfig source,
                        DetectConfig detect, GeometryConfig geometry, PlateConfig plates,
                        ViolationConfig violations, TrafficConfig traffic) {
        this(id, name, timezone, location, source, detect, geometry, plates, violations, traffic,
                RecordingConfig.OFF);
    }

    /** Without traffic state (cameras that only count or enforce). */
    public CameraConfig(String id, String name, ZoneId timezone, LocationConfig location, SourceConfig source,
                        DetectConfig detect, GeometryConfig geometry, PlateConfig plates,
                        ViolationConfig violations) {
        this(id, name, timezone, location, source, detect, geometry, plates, violations, TrafficConfig.DISABLED);
    }

    /** A counting camera: no location, no violation detection. */
    public CameraConfig(String id, String name, ZoneId timezone, SourceConfig source, DetectConfig detect,
                        GeometryConfig geometry, PlateConfig plates) {
        this(id, name, timezone, LocationConfig.UNKNOWN, source, detect, geometry, plates, ViolationConfig.DISABLED);
    }
}
