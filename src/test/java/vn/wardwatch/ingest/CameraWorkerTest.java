package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestClip;

/** Camera workers against real ffmpeg children and real GStreamer RTSP servers. */
class CameraWorkerTest {

    @TempDir
    static Path dir;
    static TestClip clip;

    private static final DetectConfig DETECT = new DetectConfig(160, 120, 5.0, Map.of(), List.of(), false, 8);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void makeClip() throws Exception {
        clip = TestClip.generate(dir, 4);
    }

    private static CameraWorker worker(String id, SourceConfig src, List<CameraState> states) {
        CameraHealth health = new CameraHealth(id);
        health.addListener(s -> states.add(s.state()));
        // Short delays keep the test quick; seeded so a run can be reproduced.
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30),
                new Random(1));
        return new CameraWorker(id, src, () -> new FfmpegFrameSource(id, src, DETECT), new FrameQueue(8), health,
                backoff);
    }

    @Test
    void replayedFileEndsTheWorker() throws Exception {
        String path = clip.mp4().toString();
        List<CameraState> states = new CopyOnWriteArrayList<>();
        CameraWorker w = worker("replay", new SourceConfig(path, path, false, 5), states);
        w.start();
        assertTrue(w.awaitTermination(WAIT), "worker must end with the file");
        CameraHealth.Snapshot s = w.health().snapshot();
        assertEquals(CameraState.OFFLINE, s.state());
        assertTrue(s.framesIn() >= 19 && s.framesIn() <= 21, "4 s at 5 fps, got " + s.framesIn());
        assertEquals(s.framesIn() - 8, s.drops(), "nobody consumed: all but the last 8 were dropped");
        assertEquals(8, w.queue().size());
        assertEquals(0, s.reconnects());
        assertNull(s.lastError());
        assertEquals(List.of(CameraState.ONLINE, CameraState.OFFLINE), states);
        w.stop();
        w.queue().clear();
    }

    @Test
    void oneCameraDyingAndReturningDoesNotDisturbAnother() throws Exception {
        Map<String, Path> streams = Map.of("cam", clip.h264());
        try (RtspTestServer serverA = RtspTestServer.start(streams);
             RtspTestServer serverB = RtspTestServer.start(streams)) {
            String secretUrlA = serverA.url("cam").replace("rtsp://", "rtsp://viewer:TopSecret9@");
            SourceConfig srcA = new SourceConfig(secretUrlA,
                    serverA.url("cam").replace("rtsp://", "rtsp://viewer:***@"), false, 2);
            SourceConfig srcB = new SourceConfig(serverB.url("cam"), serverB.url("cam"), false, 2);
            List<CameraState> statesA = new CopyOnWriteArrayList<>();
            CameraWorker a = worker("a", srcA, statesA);
            CameraWorker b = worker("b", srcB, new CopyOnWriteArrayList<>());
            a.start();
            b.start();
            try {
                Await.until(WAIT, "both cameras online with frames",
                        () -> online(a) && online(b) && a.health().snapshot().framesIn() >= 3
                                && b.health().snapshot().framesIn() >= 3,
                        () -> List.of(a.health().snapshot(), b.health().snapshot()));

                serverA.stop();
                Await.until(WAIT, "camera a offline or stalled, retrying",
                        () -> !online(a) && a.health().snapshot().reconnects() >= 2,
                        () -> a.health().snapshot());
                long bBefore = b.health().snapshot().framesIn();
                Await.until(WAIT, "camera b still receiving while a is down",
                        () -> b.health().snapshot().framesIn() >= bBefore + 5 && !online(a),
                        () -> List.of(a.health().snapshot(), b.health().snapshot()));
                assertEquals(CameraState.ONLINE, b.health().state());
                assertEquals(0, b.health().snapshot().reconnects());
                String errorA = a.health().snapshot().lastError();
                assertTrue(errorA != null && !errorA.isEmpty());
                assertTrue(!errorA.contains("TopSecret9"), errorA);

                serverA.restart();
                long aBefore = a.health().snapshot().framesIn();
                Await.until(WAIT, "camera a online again",
                        () -> online(a) && a.health().snapshot().framesIn() > aBefore,
                        () -> a.health().snapshot());
                assertEquals(CameraState.ONLINE, statesA.get(0));
                assertTrue(statesA.subList(1, statesA.size()).contains(CameraState.ONLINE), statesA.toString());
            } finally {
                a.stop();
                b.stop();
            }
            assertTrue(!a.isRunning() && !b.isRunning(), "stop() joins the workers");
            assertEquals(CameraState.OFFLINE, a.health().state());
        }
    }

    @Test
    void frozenServerIsDetectedAsStall() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()))) {
            SourceConfig src = new SourceConfig(server.url("cam"), server.url("cam"), false, 1.5);
            List<CameraState> states = new CopyOnWriteArrayList<>();
            CameraWorker w = worker("frozen", src, states);
            w.start();
            try {
                Await.until(WAIT, "online", () -> online(w), () -> w.health().snapshot());
                server.pause();  // SIGSTOP: the connection stays open but no byte arrives
                Await.until(WAIT, "stalled", () -> states.contains(CameraState.STALLED), () -> w.health().snapshot());
                assertTrue(w.health().snapshot().lastError().startsWith("no frame for"),
                        w.health().snapshot().lastError());
                server.resume();
                Await.until(WAIT, "online after the stall",
                        () -> online(w) && states.indexOf(CameraState.STALLED) < states.lastIndexOf(CameraState.ONLINE),
                        () -> w.health().snapshot() + " " + states);
                assertTrue(w.health().snapshot().reconnects() >= 1);
            } finally {
                server.resume();
                w.stop();
            }
        }
    }

    private static boolean online(CameraWorker w) {
        return w.health().state() == CameraState.ONLINE;
    }
}
