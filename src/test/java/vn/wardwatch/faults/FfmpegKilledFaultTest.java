package vn.wardwatch.faults;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * Someone (the OOM killer, an operator) kill -9s a camera's ffmpeg children, found the way an operator would find
 * them: by command line among this JVM's descendants. Ingest and recording are wired as serve wires them.
 */
class FfmpegKilledFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void killedIngestAndRecordingFfmpegAreRestartedCountedAndFramesAndSegmentsFlowAgain() throws Exception {
        TestClip clip = TestClip.generate(dir, 4);
        try (RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()));
             Database db = Database.open(dir.resolve("data/wardwatch"))) {
            String url = server.url("cam");
            AppConfig app = Faults.oneCamera(dir.resolve("data"), url, true);
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

                // Ingest: the ffmpeg that writes raw frames for analysis.
                ProcessHandle ingest = Faults.onlyChild("ffmpeg", "rawvideo", url);
                long reconnects = health.snapshot().reconnects();
                long killedAt = System.nanoTime();
                Faults.kill9(ingest);
                Await.until(WAIT, "the worker noticed", () -> health.state() != CameraState.ONLINE, health::snapshot);
                long noticedMillis = (System.nanoTime() - killedAt) / 1_000_000;
                String error = health.snapshot().lastError();
                assertTrue(error != null && error.contains("ffmpeg exited with code 137"), error);
                long framesAtKill = health.snapshot().framesIn();
                Await.until(WAIT, "a new ingest ffmpeg, online with frames flowing",
                        () -> health.state() == CameraState.ONLINE && health.snapshot().framesIn() >= framesAtKill + 5,
                        health::snapshot);
                long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertNotEquals(ingest.pid(), Faults.onlyChild("ffmpeg", "rawvideo", url).pid());
                // Counted where the wardwatch.camera.reconnects metric reads it.
                assertTrue(health.snapshot().reconnects() >= reconnects + 1, health.snapshot().toString());
                assertTrue(states.lastIndexOf(CameraState.ONLINE) > states.indexOf(CameraState.OFFLINE),
                        states.toString());

                // Recording: the segment muxer's ffmpeg.
                ProcessHandle rec = Faults.onlyChild("ffmpeg", "segment", url);
                long runs = recorder.runsEnded();
                int segmentsAtKill = segments(index).size();
                long recKilledAt = System.nanoTime();
                Faults.kill9(rec);
                // One read of the index per check: segments keep arriving while it is looked at.
                Await.until(WAIT, "the recorder's run ended and a new segment after the restart gap", () -> {
                    List<RecordedSegment> segs = segments(index);
                    List<RecordingGap> gapList = gaps(index);
                    return recorder.runsEnded() > runs && !gapList.isEmpty() && segs.size() > segmentsAtKill
                            && segs.get(segs.size() - 1).start().compareTo(gapList.get(gapList.size() - 1).end()) >= 0;
                }, () -> segments(index) + " " + gaps(index));
                long recBackMillis = (System.nanoTime() - recKilledAt) / 1_000_000;
                RecordingGap gap = gaps(index).get(gaps(index).size() - 1);
                // Counted as a run ended and as a gap that names the kill, not the camera.
                assertTrue(gap.reason().startsWith("recorder restarted (ffmpeg exited with 137"), gap.reason());
                assertNotEquals(rec.pid(), Faults.onlyChild("ffmpeg", "segment", url).pid());
                assertTrue(health.state() == CameraState.ONLINE, "ingest did not notice the recorder's trouble");
                System.out.printf("FfmpegKilledFaultTest: ingest kill noticed after %d ms (%s), frames again after"
                                + " %d ms, reconnects %d; recorder kill: next segment indexed after %d ms, gap %s .. %s"
                                + " (%s)%n", noticedMillis, error, backMillis, health.snapshot().reconnects(),
                        recBackMillis, gap.start(), gap.end(), gap.reason());
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
