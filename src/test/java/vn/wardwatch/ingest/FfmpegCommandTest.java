package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.SourceConfig;

class FfmpegCommandTest {

    private static final DetectConfig DETECT = new DetectConfig(640, 360, 5.0, Map.of(), List.of(), false, 4);

    @Test
    void rtspUsesTcpAndSocketTimeoutInMicroseconds() {
        SourceConfig src = new SourceConfig("rtsp://10.0.0.5/ch1", "rtsp://10.0.0.5/ch1", false, 2.5);
        List<String> cmd = FfmpegCommand.build(src, DETECT);

        assertEquals("ffmpeg", cmd.get(0));
        assertEquals(List.of("-hide_banner", "-loglevel", "error"), cmd.subList(1, 4));
        assertEquals("tcp", after(cmd, "-rtsp_transport"));
        assertEquals("2500000", after(cmd, "-timeout"));
        assertEquals("rtsp://10.0.0.5/ch1", after(cmd, "-i"));
        assertTrue(cmd.indexOf("-timeout") < cmd.indexOf("-i"), "input options come before -i");
        assertFalse(cmd.contains("-re"));
        assertFalse(cmd.contains("-stream_loop"));
        assertEquals(FfmpegCommand.Mode.LIVE, FfmpegCommand.modeOf(src));
        assertNull(FfmpegCommand.stdinScript(src), "no password, nothing to hide: the URL stays in argv");
    }

    @Test
    void urlWithPasswordGoesToStdinWithItsOptions() {
        SourceConfig src = new SourceConfig("rtsp://u:p'w@10.0.0.5/ch1?a=1", "rtsp://u:***@10.0.0.5/ch1?a=1",
                false, 2.5);
        List<String> cmd = FfmpegCommand.build(src, DETECT);

        assertEquals("pipe:0", after(cmd, "-i"));
        assertEquals("concat", after(cmd, "-f"));
        assertFalse(String.join(" ", cmd).contains("p'w"), String.join(" ", cmd));
        assertEquals("""
                ffconcat version 1.0
                file 'rtsp://u:p'\\''w@10.0.0.5/ch1?a=1'
                option rtsp_transport tcp
                option timeout 2500000
                """, FfmpegCommand.stdinScript(src));
        assertTrue(FfmpegCommand.hidesUrl(src));
        assertFalse(FfmpegCommand.hidesUrl(new SourceConfig("rtsp://10.0.0.5/a@b", "x", false, 2)),
                "an @ in the path is no user info");
    }

    @Test
    void loopingFileIsPacedLikeACamera() {
        SourceConfig src = new SourceConfig("samples/street.mp4", "samples/street.mp4", true, 10);
        List<String> cmd = FfmpegCommand.build(src, DETECT);

        assertEquals("-1", after(cmd, "-stream_loop"));
        assertTrue(cmd.indexOf("-re") < cmd.indexOf("-i"));
        assertFalse(cmd.contains("-rtsp_transport"));
        assertFalse(cmd.contains("-timeout"));
        assertEquals(FfmpegCommand.Mode.LOOP, FfmpegCommand.modeOf(src));
    }

    @Test
    void replayReadsOnceAsFastAsPossible() {
        SourceConfig src = new SourceConfig("/data/rec.mp4", "/data/rec.mp4", false, 10);
        List<String> cmd = FfmpegCommand.build(src, DETECT);

        assertFalse(cmd.contains("-re"));
        assertFalse(cmd.contains("-stream_loop"));
        assertEquals(FfmpegCommand.Mode.REPLAY, FfmpegCommand.modeOf(src));
    }

    @Test
    void scalesAndRateLimitsToRawBgrOnStdout() {
        SourceConfig src = new SourceConfig("/data/rec.mp4", "/data/rec.mp4", false, 10);
        DetectConfig detect = new DetectConfig(416, 234, 2.5, Map.of(), List.of(), false, 4);
        List<String> cmd = FfmpegCommand.build("/opt/ffmpeg", src, detect);

        assertEquals("/opt/ffmpeg", cmd.get(0));
        assertEquals("fps=2.5,scale=416:234", after(cmd, "-vf"));
        assertEquals("0:v:0", after(cmd, "-map"));
        assertEquals(List.of("-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"), cmd.subList(cmd.size() - 5, cmd.size()));
        assertEquals("fps=5,scale=640:360", after(FfmpegCommand.build(src, DETECT), "-vf"));
    }

    private static String after(List<String> cmd, String option) {
        int i = cmd.indexOf(option);
        assertTrue(i >= 0 && i + 1 < cmd.size(), option + " missing in " + cmd);
        return cmd.get(i + 1);
    }
}
