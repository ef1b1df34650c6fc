package vn.wardwatch.config;

import java.time.ZoneId;

/** One camera: where its stream comes from, how it is analysed, its counting geometry and its plate reading. */
public record CameraConfig(String id, String name, ZoneId timezone, SourceConfig source, DetectConfig detect,
                           GeometryConfig geometry, PlateConfig plates) {
}
