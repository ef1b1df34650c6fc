package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.testsupport.TestClip;

class FfmpegFrameSourceTest {

    @TempDir
    static Path dir;
    static TestClip clip;

    private static final DetectConfig DETECT = new DetectConfig(160, 120, 5.0, Map.of(), List.of(), false, 4);

    @BeforeAll
    static void makeClip() throws Exception {
        clip = TestClip.generate(dir, 3);
    }

    @Test
    void readsEveryAnalysisFrameOfAFileThenEnds() throws IOException {
        String path = clip.mp4().toString();
        SourceConfig src = new SourceConfig(path, path, false, 5);
        int frames = 0;
        try (FfmpegFrameSource source = new FfmpegFrameSource("cam1", src, DETECT)) {
            for (Frame next = source.read(); next != null; next = source.read()) {
                try (Frame frame = next) {
                    assertEquals("cam1", frame.cameraId());
                    assertEquals(frames, frame.sequence());
                    assertEquals(frames * 200L, frame.streamMillis(), "stream time = index * 1000 / fps");
                    assertEquals(120, frame.image().rows());
                    assertEquals(160, frame.image().cols());
                    assertEquals(CvType.CV_8UC3, frame.image().type());
                    assertTrue(Core.sumElems(frame.image()).val[0] > 0, "pixels must not be all zero");
                }
                frames++;
            }
        }
        // 3 s at 5 analysis fps; ffmpeg's fps filter may round one frame either way at the ends.
        assertTrue(frames >= 14 && frames <= 16, "frames read: " + frames);
    }

    @Test
    void missingFileNamesCameraAndPath() {
        String path = dir.resolve("no-such-clip.mp4").toString();
        SourceConfig src = new SourceConfig(path, path, false, 5);
        IOException e = assertThrows(IOException.class, () -> {
            try (FfmpegFrameSource source = new FfmpegFrameSource("gate-2", src, DETECT)) {
                source.read();
            }
        });
        assertTrue(e.getMessage().contains("gate-2"), e.getMessage());
        assertTrue(e.getMessage().contains(path), e.getMessage());
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file"), "ffmpeg's own words: " + e.getMessage());
    }

    @Test
    void passwordNeverAppearsInTheError() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "rtsp://admin:Sup3rSecret@127.0.0.1:" + closedPort + "/cam";
        String redacted = "rtsp://admin:***@127.0.0.1:" + closedPort + "/cam";
        SourceConfig src = new SourceConfig(url, redacted, false, 2);
        IOException e = assertThrows(IOException.class, () -> {
            try (FfmpegFrameSource source = new FfmpegFrameSource("lobby", src, DETECT)) {
                source.read();
            }
        });
        assertFalse(e.getMessage().contains("Sup3rSecret"), e.getMessage());
        assertTrue(e.getMessage().contains(redacted), e.getMessage());
        assertTrue(e.getMessage().contains("lobby"), e.getMessage());
    }

    @Test
    void closeUnblocksAndStopsALoopingSource() throws IOException {
        String path = clip.mp4().toString();
        SourceConfig src = new SourceConfig(path, path, true, 5);
        FfmpegFrameSource source = new FfmpegFrameSource("loop", src, DETECT);
        try (Frame first = source.read()) {
            assertEquals(0, first.sequence());
        }
        source.close();
        IOException e = assertThrows(IOException.class, source::read);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
