package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.recording.SegmentRecorder;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RecordedCameras;

/**
 * The worker's disk guard hook: a camera started while recording is paused here starts paused and its ffmpeg runs
 * once resumed; a camera without recording gets no recorder.
 */
class WorkerRecordersTest {

    @TempDir
    Path dir;

    @Test
    void aCameraStartedWhileRecordingIsPausedStartsPausedAndRecordsOnceResumed() throws Exception {
        Vertx vertx = Vertx.vertx();
        RecordingSender sender = new RecordingSender(vertx.eventBus());
        WorkerRecorders recorders = new WorkerRecorders(dir, "w1", sender, "ffmpeg", Clock.systemUTC());
        try {
            // Nothing listens on port 9: ffmpeg runs and is refused, which is all this test needs from it.
            recorders.start(RecordedCameras.camera("off", "rtsp://127.0.0.1:9/off", RecordingConfig.OFF));
            assertTrue(recorders.recorders().isEmpty());

            recorders.pause("disk low (test)");
            recorders.start(RecordedCameras.camera("cam1", "rtsp://127.0.0.1:9/cam1", RecordedCameras.ALWAYS_2S));
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
