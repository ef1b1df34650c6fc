package vn.wardwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.ingest.CameraHealth;
import vn.wardwatch.ingest.CameraState;
import vn.wardwatch.ingest.CameraWorker;
import vn.wardwatch.ingest.FrameQueue;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.recording.RecordingGap;
import vn.wardwatch.recording.Recordings;
import vn.wardwatch.recording.SegmentRecorder;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestClip;

/**
 * The camera's RTSP server crashes (SIGKILL, no goodbye) mid-stream and comes back on the same port. Ingest and
 * recording are wired as serve wires them (CameraWorker.forCamera, Recordings.start, production backoff), against a
 * real GStreamer server, real ffmpeg children and a real H2 index.
 */
class RtspServerRestartFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void serverCrashTakesTheCameraOfflineRecordsTheGapAndFramesFlowAgainWhenItReturns() throws Exception {
        TestClip clip = TestClip.generate(dir, 4);
        try (RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()));
             Database db = Database.open(dir.resolve("data/wardwatch"))) {
            AppConfig app = Faults.oneCamera(dir.resolve("data"), server.url("cam"), true);
            JdbcRecordingRepository index = new JdbcRecordingRepository(db);
            CameraHealth health = new CameraHealth("cam");
            List<CameraState> states = new CopyOnWriteArrayList<>();
            health.addListener(s -> states.add(s.state()));
            CameraWorker worker = CameraWorker.forCamera(app.cameras().get("cam"), new FrameQueue(8), health);
            Recordings recordings = Recordings.start(app.cameras(), app.storage().dataDir(), index, "ffmpeg",
                    Clock.systemUTC());
            SegmentRecorder recorder = recordings.recorders().get(0);
            worker.start();
            try {
                Await.until(WAIT, "online, frames and two recorded segments",
                        () -> health.state() == CameraState.ONLINE && health.snapshot().framesIn() >= 5
                                && segments(index).size() >= 2, health::snapshot);

                // The server process dies as a crashed camera would: SIGKILL, its sockets reset by the kernel.
                long killedAt = System.nanoTime();
                Faults.kill9(Faults.onlyChild("rtsp_server.py", "--port " + server.port()));
                Await.until(WAIT, "camera no longer online", () -> health.state() != CameraState.ONLINE,
                        health::snapshot);
                long offlineMillis = (System.nanoTime() - killedAt) / 1_000_000;
                CameraHealth.Snapshot down = health.snapshot();
                assertNotNull(down.lastError(), "the health says why");
                // Down for a while: at least one reconnect refused (the second attempt starts after the first
                // failed) and the recorder's ffmpeg run ended.
                Await.until(WAIT, "a refused reconnect and the recorder's run ended",
                        () -> health.snapshot().reconnects() >= 2 && recorder.runsEnded() >= 1, health::snapshot);
                long framesWhileDown = health.snapshot().framesIn();

                server.restart();
                long restartedAt = System.nanoTime();
                Await.until(Duration.ofSeconds(45), "online again with new frames",
                        () -> health.state() == CameraState.ONLINE && health.snapshot().framesIn() > framesWhileDown,
                        health::snapshot);
                long backMillis = (System.nanoTime() - restartedAt) / 1_000_000;
                Await.until(Duration.ofSeconds(45), "the recording gap and a segment after it",
                        () -> !gaps(index).isEmpty() && segments(index).stream()
                                .anyMatch(s -> !s.start().isBefore(gaps(index).get(0).end())),
                        () -> segments(index));
                RecordingGap gap = gaps(index).get(0);
                assertTrue(gap.end().isAfter(gap.start()), gap.toString());
                assertTrue(gap.reason().startsWith("camera offline"), gap.reason());
                // The gap covers the outage: at least the time the camera was seen down.
                assertTrue(Duration.between(gap.start(), gap.end()).toMillis() >= 1000, gap.toString());
                RecordedSegment after = segments(index).stream().filter(s -> !s.start().isBefore(gap.end()))
                        .findFirst().orElseThrow();
                assertEquals(gap.end(), after.start(), "recording resumes exactly where the gap ends");
                assertEquals(CameraState.ONLINE, states.get(0));
                assertTrue(states.lastIndexOf(CameraState.ONLINE) > states.indexOf(CameraState.OFFLINE)
                        || states.lastIndexOf(CameraState.ONLINE) > states.indexOf(CameraState.STALLED),
                        states.toString());
                System.out.printf("RtspServerRestartFaultTest: offline after %d ms (%s: %s); online %d ms after"
                                + " the server restart; %d reconnect(s); gap %s .. %s (%s)%n", offlineMillis,
                        down.state(), down.lastError(), backMillis, health.snapshot().reconnects(), gap.start(),
                        gap.end(), gap.reason());
            } finally {
                worker.stop();
                recordings.close();
            }
        }
    }

    private static List<RecordedSegment> segments(JdbcRecordingRepository index) {
        return index.segments("cam", Faults.FAR_PAST, Faults.FAR_FUTURE);
    }

    private static List<RecordingGap> gaps(JdbcRecordingRepository index) {
        return index.gaps("cam", Faults.FAR_PAST, Faults.FAR_FUTURE);
    }
}
