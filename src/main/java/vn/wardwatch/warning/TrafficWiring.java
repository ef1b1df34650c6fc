package vn.wardwatch.warning;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import org.opencv.core.Mat;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.analytics.traffic.TrafficListener;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.pipeline.ZoneMinuteWriter;
import vn.wardwatch.storage.StoredZoneMinute;

/**
 * A live camera's traffic listener: level changes go straight to the event bus (publishing never blocks);
 * warnings go to the recorder, which publishes them once stored; closed minutes go to the minute writer.
 */
public final class TrafficWiring implements TrafficListener {

    private final CameraConfig camera;
    private final EventBusPublisher publisher;
    private final WarningRecorder recorder;
    private final ZoneMinuteWriter minutes;
    private final MeterRegistry registry;

    public TrafficWiring(CameraConfig camera, EventBusPublisher publisher, WarningRecorder recorder,
                         ZoneMinuteWriter minutes, MeterRegistry registry) {
        this.camera = camera;
        this.publisher = publisher;
        this.recorder = recorder;
        this.minutes = minutes;
        this.registry = registry;
    }

    @Override
    public void minute(String cameraId, String zoneId, MinuteTraffic.Summary summary) {
        minutes.submit(new StoredZoneMinute(cameraId, zoneId,
                camera.timezone().getRules().getOffset(summary.minuteStart()), summary));
    }

    @Override
    public void level(String cameraId, String zoneId, CongestionLevel level, ZoneTraffic metrics, Instant frameAt) {
        registry.counter(Meters.LEVEL_CHANGES, Meters.TAG_CAMERA, cameraId, Meters.TAG_ZONE, zoneId, "level",
                level.wireName()).increment();
        publisher.level(cameraId, zoneId, level, metrics, frameAt);
    }

    @Override
    public void warning(Warning warning, Mat frame) {
        ZoneOffset offset = camera.timezone().getRules().getOffset(warning.frameAt());
        recorder.submit(warning, offset, frame);
    }
}
