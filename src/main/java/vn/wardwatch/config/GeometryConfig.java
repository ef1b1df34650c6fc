package vn.wardwatch.config;

import java.util.List;

/** Counting and violation geometry of one camera, in analysis-frame pixels. */
public record GeometryConfig(List<LineConfig> lines, List<ZoneConfig> zones, List<LaneConfig> lanes,
                             List<SignalHeadConfig> signalHeads, List<StopLineConfig> stopLines,
                             List<NoStoppingZoneConfig> noStoppingZones, List<RestrictedZoneConfig> restrictedZones) {

    public GeometryConfig {
        lines = List.copyOf(lines);
        zones = List.copyOf(zones);
        lanes = List.copyOf(lanes);
        signalHeads = List.copyOf(signalHeads);
        stopLines = List.copyOf(stopLines);
        noStoppingZones = List.copyOf(noStoppingZones);
        restrictedZones = List.copyOf(restrictedZones);
    }

    /** Counting geometry only. */
    public GeometryConfig(List<LineConfig> lines, List<ZoneConfig> zones) {
        this(lines, zones, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public LaneConfig lane(String id) {
        return lanes.stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
    }

    public SignalHeadConfig signalHead(String id) {
        return signalHeads.stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
    }
}
