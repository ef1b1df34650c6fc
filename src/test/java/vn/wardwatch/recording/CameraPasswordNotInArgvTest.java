package vn.wardwatch.recording;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.ingest.Backoff;
import vn.wardwatch.ingest.CameraHealth;
import vn.wardwatch.ingest.CameraState;
import vn.wardwatch.ingest.CameraWorker;
import vn.wardwatch.ingest.FfmpegFrameSource;
import vn.wardwatch.ingest.FrameQueue;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestClip;

/**
 * A camera URL with a password reaches both ffmpeg children (analysis and recording) on stdin, so the password is
 * not in their argv (/proc/PID/cmdline, ps) while frames and segments arrive, and stalls and reconnects still work.
 */
class CameraPasswordNotInArgvTest {

    private static final String PASSWORD = "s3cretPW";
    private static final DetectConfig DETECT = new DetectConfig(160, 120, 5.0, Map.of(), List.of(), false, 8);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestClip clip;
    static Database database;

    @BeforeAll
    static void setUp() throws Exception {
        clip = TestClip.generate(dir, 4);
        database = Database.open(dir.resolve("db/wardwatch"));
    }

    @AfterAll
    static void tearDown() {
        database.close();
    }

    @Test
    void analysisAndRecordingFfmpegKeepThePasswordOutOfArgv() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()))) {
            // The test server asks for no credentials; ffmpeg sends them anyway, which is all this test needs.
            String url = server.url("cam").replace("rtsp://", "rtsp://viewer:" + PASSWORD + "@");
            SourceConfig src = new SourceConfig(url, url.replace(PASSWORD, "***"), false, 1.5);
            List<CameraState> states = new CopyOnWriteArrayList<>();
            CameraHealth health = new CameraHealth("cam1");
            health.addListener(s -> states.add(s.state()));
            Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    new Random(1));
            CameraWorker worker = new CameraWorker("cam1", src, () -> new FfmpegFrameSource("cam1", src, DETECT),
                    new FrameQueue(8), health, backoff);
            JdbcRecordingRepository repository = new JdbcRecordingRepository(database);
            RecordingConfig always = new RecordingConfig(RecordingConfig.Mode.ALWAYS, 2, RecordingConfig.Format.TS,
                    7, 1, 0, 0);
            SegmentRecorder recorder = new SegmentRecorder("cam1", src, always, dir.resolve("recordings"),
                    repository, "ffmpeg", "ffprobe", backoff, Clock.systemUTC());
            worker.start();
            recorder.start();
            try {
                Await.until(WAIT, "frames", () -> health.snapshot().framesIn() >= 10, health::snapshot);
                Await.until(WAIT, "a recorded segment", () -> !repository.segments("cam1",
                        Instant.EPOCH, Instant.now().plusSeconds(60)).isEmpty());
                List<String> cmdlines = ffmpegCmdlines();
                assertTrue(cmdlines.size() >= 2, "both ffmpeg children running: " + cmdlines);
                for (String cmdline : cmdlines) {
                    assertFalse(cmdline.contains(PASSWORD), "password in argv: " + cmdline);
                    assertTrue(cmdline.contains("pipe:0"), "URL read from stdin: " + cmdline);
                }
                long framesBefore = health.snapshot().framesIn();
                Await.until(WAIT, "frames keep coming", () -> health.snapshot().framesIn() >= framesBefore + 10,
                        health::snapshot);

                // A frozen camera is still detected (the socket timeout travels in the script), and comes back.
                server.pause();
                Await.until(WAIT, "stalled", () -> states.contains(CameraState.STALLED), health::snapshot);
                server.resume();
                Await.until(WAIT, "online after the stall", () -> health.state() == CameraState.ONLINE
                        && states.indexOf(CameraState.STALLED) < states.lastIndexOf(CameraState.ONLINE),
                        () -> health.snapshot() + " " + states);
                assertTrue(health.snapshot().reconnects() >= 1);
                String lastError = String.valueOf(health.snapshot().lastError());
                assertFalse(lastError.contains(PASSWORD), lastError);
            } finally {
                server.resume();
                worker.stop();
                recorder.stop();
            }
        }
    }

    /** The argv of every ffmpeg this JVM started, as /proc shows it to any local user. */
    private static List<String> ffmpegCmdlines() throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
            if (!Files.exists(cmdline)) {
                continue;
            }
            String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            if (text.startsWith("ffmpeg ")) {
                out.add(text);
            }
        }
        return out;
    }
}
