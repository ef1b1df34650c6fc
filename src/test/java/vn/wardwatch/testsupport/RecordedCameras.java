package vn.wardwatch.testsupport;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ViolationConfig;

/** Cameras that only record: what the recording tests need of a camera's configuration. */
public final class RecordedCameras {

    private RecordedCameras() {
    }

    /** Recorded always in 2 s MPEG-TS segments, kept 7 days, 1 GB. */
    public static final RecordingConfig ALWAYS_2S = new RecordingConfig(RecordingConfig.Mode.ALWAYS, 2,
            RecordingConfig.Format.TS, 7, 1, 0, 0);

    public static CameraConfig camera(String id, String url, RecordingConfig recording) {
        return new CameraConfig(id, id, ZoneId.of("Asia/Ho_Chi_Minh"), LocationConfig.UNKNOWN,
                new SourceConfig(url, url, false, 2), new DetectConfig(640, 480, 5, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of()), PlateConfig.DISABLED, ViolationConfig.DISABLED,
                TrafficConfig.DISABLED, recording);
    }
}
