package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LocationConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.recording.SegmentRecorder;
import vn.wardwatch.testsupport.Await;

/**
 * The worker's disk guard hook: a camera started while recording is paused here starts paused and its ffmpeg runs
 * once resumed; a camera without recording gets no recorder.
 */
class WorkerRecordersTest {

    @TempDir
    Path dir;

    private static CameraConfig camera(String id, RecordingConfig recording) {
        // Nothing listens on port 9: ffmpeg runs and is refused, which is all this test needs from it.
        String url = "rtsp://127.0.0.1:9/" + id;
        return new CameraConfig(id, id, ZoneId.of("Asia/Ho_Chi_Minh"), LocationConfig.UNKNOWN,
                new SourceConfig(url, url, false, 2), new DetectConfig(640, 480, 5, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of()), PlateConfig.DISABLED, ViolationConfig.DISABLED,
                TrafficConfig.DISABLED, recording);
    }

    @Test
    void aCameraStartedWhileRecordingIsPausedStartsPausedAndRecordsOnceResumed() throws Exception {
        Vertx vertx = Vertx.vertx();
        RecordingSender sender = new RecordingSender(vertx.eventBus());
        WorkerRecorders recorders = new WorkerRecorders(dir, "w1", sender, "ffmpeg", Clock.systemUTC());
        try {
            recorders.start(camera("off", RecordingConfig.OFF));
            assertTrue(recorders.recorders().isEmpty());

            recorders.pause("disk low (test)");
            recorders.start(camera("cam1", new RecordingConfig(RecordingConfig.Mode.ALWAYS, 2,
                    RecordingConfig.Format.TS, 7, 1, 0, 0)));
            SegmentRecorder recorder = recorders.recorders().get(0);
            assertTrue(recorder.paused());

            recorders.resume();
            assertFalse(recorder.paused());
            Await.until(Duration.ofSeconds(30), "ffmpeg ran once resumed", () -> recorder.runsEnded() >= 1);
        } finally {
            recorders.close();
            sender.close(Duration.ofMillis(100));
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
