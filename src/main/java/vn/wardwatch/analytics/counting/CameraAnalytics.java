package vn.wardwatch.analytics.counting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/** All count lines and zones of one camera. Not thread-safe: driven by the camera's analysis thread. */
public final class CameraAnalytics {

    private final String cameraId;
    private final List<LineCounter> lines = new ArrayList<>();
    private final List<ZoneOccupancy> zones = new ArrayList<>();

    public CameraAnalytics(CameraConfig config) {
        this(config, LineCounter.DEFAULT_DEAD_BAND_PX);
    }

    public CameraAnalytics(CameraConfig config, double lineDeadBandPx) {
        this.cameraId = config.id();
        if (config.geometry() != null) {
            for (LineConfig line : config.geometry().lines()) {
                lines.add(new LineCounter(cameraId, line, lineDeadBandPx));
            }
            for (ZoneConfig zone : config.geometry().zones()) {
                zones.add(new ZoneOccupancy(zone));
            }
        }
    }

    public String cameraId() {
        return cameraId;
    }

    /** Feeds one frame's tracks (as returned by the tracker). */
    public AnalyticsResult update(List<Track> tracks, long streamMillis, Instant wallTime) {
        List<CountEvent> events = new ArrayList<>();
        for (LineCounter line : lines) {
            events.addAll(line.update(tracks, streamMillis, wallTime));
        }
        Map<String, Map<ObjectClass, Integer>> occupancy = new LinkedHashMap<>();
        for (ZoneOccupancy zone : zones) {
            occupancy.put(zone.zoneId(), zone.count(tracks));
        }
        return new AnalyticsResult(events, occupancy);
    }

    /** Frees per-track state; pass the tracker's {@code drainRemovedIds()}. */
    public void forget(List<Long> removedTrackIds) {
        if (removedTrackIds.isEmpty()) {
            return;
        }
        for (LineCounter line : lines) {
            line.forget(removedTrackIds);
        }
    }
}
