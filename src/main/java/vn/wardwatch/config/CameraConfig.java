package vn.wardwatch.config;

import java.time.ZoneId;

/** One camera: where its stream comes from, how it is analysed, and its counting geometry. */
public record CameraConfig(String id, String name, ZoneId timezone, SourceConfig source, DetectConfig detect,
                           GeometryConfig geometry) {
}
