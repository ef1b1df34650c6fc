package vn.wardwatch.config;

import java.util.List;

/** Counting geometry of one camera, in analysis-frame pixels. */
public record GeometryConfig(List<LineConfig> lines, List<ZoneConfig> zones) {
}
