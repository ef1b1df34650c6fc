package vn.wardwatch.analytics.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.track.Track;
import vn.wardwatch.warning.Warning;
import vn.wardwatch.warning.WarningWatch;

/**
 * The traffic state, congestion levels and warnings of one camera's configured zones. {@link #onFrame} runs on the
 * camera's analysis thread; {@link #zones()} is safe from any thread (the IOC snapshot reads it).
 */
public final class CameraTraffic {

    private record ZoneParts(ZoneTrafficMeter meter, LevelTracker levels, WarningWatch warnings,
                             MinuteTraffic minutes) {
    }

    private final String cameraId;
    private final List<ZoneParts> parts = new ArrayList<>();
    private final TrafficListener listener;
    private final Instant[] levelSince;
    private final MinuteTraffic.Summary[] lastMinute;
    private volatile List<ZoneState> zones;

    public CameraTraffic(CameraConfig camera, TrafficListener listener) {
        this.cameraId = camera.id();
        this.listener = listener;
        TrafficConfig traffic = camera.traffic();
        for (ZoneConfig zone : camera.geometry().zones()) {
            TrafficConfig.Zone z = traffic.zones().get(zone.id());
            if (z == null) {
                continue;
            }
            parts.add(new ZoneParts(new ZoneTrafficMeter(zone, z),
                    new LevelTracker(z.levels(), traffic.hysteresis(), traffic.minSeconds()),
                    new WarningWatch(cameraId, z, traffic.hysteresis(), traffic.minSeconds()), new MinuteTraffic()));
        }
        this.levelSince = new Instant[parts.size()];
        this.lastMinute = new MinuteTraffic.Summary[parts.size()];
        this.zones = initialZones(camera);
    }

    /**
     * The camera's zones before any analysed frame: empty, free, no warning. A cluster's api node shows them for a
     * camera no worker reports.
     */
    public static List<ZoneState> initialZones(CameraConfig camera) {
        List<ZoneState> initial = new ArrayList<>();
        for (ZoneConfig zone : camera.geometry().zones()) {
            if (camera.traffic().zones().containsKey(zone.id())) {
                initial.add(new ZoneState(zone.id(), ZoneTraffic.EMPTY, CongestionLevel.FREE, null, 0, null));
            }
        }
        return List.copyOf(initial);
    }

    /** True when the camera has traffic zones configured and switched on. */
    public static boolean wanted(CameraConfig camera) {
        return camera.traffic().enabled() && !camera.traffic().zones().isEmpty();
    }

    public String cameraId() {
        return cameraId;
    }

    /** Feeds one analysed frame: all of the camera's live tracks, and the frame (lent for snapshots). */
    public void onFrame(Mat image, List<Track> tracks, long streamMillis, Instant wallTime) {
        List<ZoneState> states = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            ZoneParts p = parts.get(i);
            ZoneTraffic t = p.meter().update(tracks, streamMillis);
            CongestionLevel changed = p.levels().update(t, streamMillis);
            if (changed != null) {
                levelSince[i] = wallTime;
                listener.level(cameraId, p.meter().zoneId(), changed, t, wallTime);
            }
            for (Warning w : p.warnings().update(t, changed, streamMillis, wallTime)) {
                listener.warning(w, image);
            }
            MinuteTraffic.Summary closed = p.minutes().add(t, p.levels().level(), wallTime);
            if (closed != null) {
                lastMinute[i] = closed;
                listener.minute(cameraId, p.meter().zoneId(), closed);
            }
            states.add(new ZoneState(p.meter().zoneId(), t, p.levels().level(), levelSince[i],
                    p.warnings().active(), lastMinute[i]));
        }
        zones = List.copyOf(states);
    }

    /**
     * The camera's analysis stopped at {@code wallTime}: its zones' open warnings are cleared (no frame: no
     * snapshot) through the listener, as any other state. Call on the analysis thread, after its last frame.
     *
     * @return how many were cleared
     */
    public int stop(Instant wallTime) {
        int cleared = 0;
        for (ZoneParts p : parts) {
            for (Warning w : p.warnings().stop(wallTime)) {
                listener.warning(w, null);
                cleared++;
            }
        }
        return cleared;
    }

    /** The latest state of every configured zone, in config order. */
    public List<ZoneState> zones() {
        return zones;
    }
}
