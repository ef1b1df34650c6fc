package vn.wardwatch.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import vn.wardwatch.util.OpenCv;

/** Clips encoded by real ffmpeg from ring frames, checked with real ffprobe. */
class ClipEncoderTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private final ClipEncoder encoder = new ClipEncoder("ffmpeg", Duration.ofSeconds(60));

    @TempDir
    Path dir;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** {@code count} frames {@code stepMillis} apart, through a real ring. */
    private static List<RingFrame> frames(int width, int height, int count, long stepMillis) {
        FrameRing ring = new FrameRing(count * stepMillis / 1000.0 + 1, 80);
        for (int i = 0; i < count; i++) {
            Mat image = SyntheticFrames.frame(width, height, i);
            try {
                ring.add(image, 5000 + i * stepMillis, T0.plusMillis(i * stepMillis));
            } finally {
                image.release();
            }
        }
        return ring.between(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** ffprobe's view of the clip's one video stream plus the container duration. */
    private static JsonObject probe(Path mp4) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,pix_fmt,width,height,nb_read_frames:format=duration,format_name",
                "-of", "json", mp4.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffprobe failed: " + out);
        JsonObject json = new JsonObject(out);
        JsonObject stream = json.getJsonArray("streams").getJsonObject(0);
        return stream.copy().put("duration", Double.parseDouble(json.getJsonObject("format").getString("duration")))
                .put("streams", json.getJsonArray("streams").size())
                .put("format_name", json.getJsonObject("format").getString("format_name"));
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    @Test
    void fiftyFramesTwoHundredMillisApartMakeATenSecondH264Clip() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        encoder.encode(frames(640, 480, 50, 200), clip);
        JsonObject info = probe(clip);
        assertEquals("h264", info.getString("codec_name"));
        assertEquals("yuv420p", info.getString("pix_fmt"));
        assertEquals(640, info.getInteger("width"));
        assertEquals(480, info.getInteger("height"));
        assertEquals("50", info.getString("nb_read_frames"));
        assertEquals(1, info.getInteger("streams"), "no audio stream");
        assertTrue(info.getString("format_name").contains("mp4"));
        assertEquals(10.0, info.getDouble("duration"), 0.3);
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
    }

    @Test
    void anUnevenRateStillLastsAsLongAsTheFramesDid() throws Exception {
        // 37 frames 133 ms apart: 36 intervals of 133 ms plus one for the last frame = 4.921 s.
        Path clip = dir.resolve("uneven.mp4");
        encoder.encode(frames(320, 240, 37, 133), clip);
        assertEquals(4.921, probe(clip).getDouble("duration"), 0.3);
    }

    @Test
    void oddFrameSizesArePaddedToEvenOnes() throws Exception {
        Path clip = dir.resolve("odd.mp4");
        encoder.encode(frames(321, 239, 10, 100), clip);
        JsonObject info = probe(clip);
        assertEquals(322, info.getInteger("width"));
        assertEquals(240, info.getInteger("height"));
        assertEquals("yuv420p", info.getString("pix_fmt"));
    }

    @Test
    void aResolutionChangeMidRingKeepsTheFirstFramesSize() throws Exception {
        List<RingFrame> mixed = new ArrayList<>(frames(320, 240, 5, 200));
        for (RingFrame f : frames(640, 480, 5, 200)) {
            mixed.add(new RingFrame(f.streamMillis() + 1000, f.wallTime(), f.jpeg()));
        }
        Path clip = dir.resolve("mixed.mp4");
        encoder.encode(mixed, clip);
        JsonObject info = probe(clip);
        assertEquals(320, info.getInteger("width"));
        assertEquals("10", info.getString("nb_read_frames"));
    }

    @Test
    void aSingleFrameMakesAOneSecondClip() throws Exception {
        Path clip = dir.resolve("single.mp4");
        encoder.encode(frames(320, 240, 1, 200), clip);
        JsonObject info = probe(clip);
        assertEquals("h264", info.getString("codec_name"));
        assertEquals(1.0, info.getDouble("duration"), 0.3);
    }

    @Test
    void noFramesIsAnArgumentError() {
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(), dir.resolve("none.mp4")));
    }

    @Test
    void anUnwritableDirectoryNamesTheClipAndLeavesNothing() throws Exception {
        // Root may write anywhere, so a file stands where the directory should be.
        Path notADir = Files.writeString(dir.resolve("clips"), "a file, not a directory");
        Path clip = notADir.resolve("clip.mp4");
        IOException e = assertThrows(IOException.class, () -> encoder.encode(frames(320, 240, 3, 200), clip));
        assertTrue(e.getMessage().contains(clip.toString()), e.getMessage());
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
    }

    @Test
    void framesFfmpegCannotDecodeGiveItsStderrAndLeaveNoTemporaryFile() throws Exception {
        List<RingFrame> broken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            broken.add(new RingFrame(i * 200L, T0, "not a jpeg at all".getBytes(StandardCharsets.US_ASCII)));
        }
        Path clip = dir.resolve("broken.mp4");
        IOException e = assertThrows(IOException.class, () -> encoder.encode(broken, clip));
        assertTrue(e.getMessage().contains(clip.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("ffmpeg"), e.getMessage());
        assertTrue(e.getMessage().contains("stderr:"), e.getMessage());
        assertFalse(Files.exists(clip));
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
    }

    @Test
    void aTimeoutKillsFfmpegAndLeavesNoTemporaryFile() throws Exception {
        // No ffmpeg starts, reads 50 frames and writes an MP4 within a millisecond.
        ClipEncoder hasty = new ClipEncoder("ffmpeg", Duration.ofMillis(1));
        Path clip = dir.resolve("late.mp4");
        IOException e = assertThrows(IOException.class, () -> hasty.encode(frames(640, 480, 50, 200), clip));
        assertTrue(e.getMessage().contains("did not finish within 1 ms"), e.getMessage());
        assertTrue(e.getMessage().contains(clip.toString()), e.getMessage());
        assertFalse(Files.exists(clip));
        assertTrue(leftovers().isEmpty(), "temporary files left: " + leftovers());
    }

    @Test
    void aMissingFfmpegIsNamed() {
        ClipEncoder missing = new ClipEncoder("/nonexistent/ffmpeg", Duration.ofSeconds(5));
        IOException e = assertThrows(IOException.class,
                () -> missing.encode(frames(64, 48, 2, 200), dir.resolve("x.mp4")));
        assertTrue(e.getMessage().contains("/nonexistent/ffmpeg"), e.getMessage());
        assertTrue(e.getMessage().contains("x.mp4"), e.getMessage());
    }

    @Test
    void anExistingClipIsNeverReplaced() throws Exception {
        Path clip = Files.writeString(dir.resolve("taken.mp4"), "earlier clip");
        IOException e = assertThrows(IOException.class, () -> encoder.encode(frames(64, 48, 2, 200), clip));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("earlier clip", Files.readString(clip));
    }
}
