package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.testsupport.TestClip;
import vn.wardwatch.util.OpenCv;

/** The frame pump with real ffmpeg and a scripted region finder (no models). */
class ClipMaskerTest {

    @TempDir
    static Path work;
    static TestClip clip;

    @BeforeAll
    static void setUp() throws Exception {
        OpenCv.load();
        clip = TestClip.generate(work, 2);
    }

    @Test
    void looksAtEveryNthFrameAndTheLastAndKeepsEveryFrame() throws IOException {
        List<Integer> looked = new ArrayList<>();
        ClipMasker masker = new ClipMasker("ffmpeg", "ffprobe", 10 / 3.0, 1280, Duration.ofMinutes(1));
        Path out = work.resolve("masked.mp4");
        int frames = masker.mask(clip.mp4(), out, frame -> {
            looked.add(frame.cols());
            return List.of(new BoundingBox(10, 10, 50, 40));
        });
        assertEquals(20, frames);
        // Frames 0, 3, ..., 18, then 19: the clip ended between looks.
        assertEquals(8, looked.size());
        assertTrue(looked.stream().allMatch(w -> w == 320));
        double[] fd = MaskingScene.framesAndDuration(out);
        assertEquals(20, fd[0]);
        assertEquals(MaskingScene.framesAndDuration(clip.mp4())[1], fd[1], 0.001);
    }

    @Test
    void aFrameBetweenLooksGetsBothLooksRegionsGrownAndALookedAtOneItsOwnToo() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        BoundingBox b = new BoundingBox(100, 0, 10, 10);
        BoundingBox own = new BoundingBox(50, 50, 5, 5);
        assertEquals(List.of(a.grown(ClipMasker.MOTION_MARGIN), b.grown(ClipMasker.MOTION_MARGIN)),
                ClipMasker.between(List.of(a), List.of(b)));
        assertEquals(List.of(own, a.grown(ClipMasker.MOTION_MARGIN), b.grown(ClipMasker.MOTION_MARGIN)),
                ClipMasker.looked(List.of(a), List.of(own), List.of(b)));
    }

    @Test
    void aFileThatIsNoVideoFailsNamingIt() throws IOException {
        Path notVideo = Files.writeString(work.resolve("clip-broken.mp4"), "not a video");
        ClipMasker masker = new ClipMasker("ffmpeg", "ffprobe", 10, 1280, Duration.ofMinutes(1));
        IOException e = assertThrows(IOException.class,
                () -> masker.mask(notVideo, work.resolve("out.mp4"), frame -> List.of()));
        assertTrue(e.getMessage().contains(notVideo.toString()), e.getMessage());
    }

    @Test
    void aMissingFfmpegFailsNamingIt() {
        ClipMasker masker = new ClipMasker("ffmpeg", "no-such-ffprobe-binary", 10, 1280, Duration.ofMinutes(1));
        IOException e = assertThrows(IOException.class,
                () -> masker.mask(clip.mp4(), work.resolve("out2.mp4"), frame -> List.of()));
        assertTrue(e.getMessage().contains("no-such-ffprobe-binary"), e.getMessage());
    }

    @Test
    void ffprobeIsTakenFromBesideFfmpeg() {
        assertEquals("ffprobe", PrivacyMasker.ffprobeBeside("ffmpeg"));
        assertEquals("/opt/ff/bin/ffprobe", PrivacyMasker.ffprobeBeside("/opt/ff/bin/ffmpeg"));
        assertEquals("/usr/local/bin/ffprobe-6", PrivacyMasker.ffprobeBeside("/usr/local/bin/ffmpeg-6"));
    }

    @Test
    void looksAboutTheGivenTimesASecondRoundingTowardsMoreLooks() {
        ClipMasker tenASecond = new ClipMasker("ffmpeg", "ffprobe", 10, 1280, Duration.ofMinutes(1));
        assertEquals(1, tenASecond.lookEvery(new ClipMasker.ClipInfo(640, 480, "10/1")));
        assertEquals(1, tenASecond.lookEvery(new ClipMasker.ClipInfo(640, 480, "5/1")));
        assertEquals(2, tenASecond.lookEvery(new ClipMasker.ClipInfo(1920, 1080, "25/1")));
        assertEquals(2, tenASecond.lookEvery(new ClipMasker.ClipInfo(1920, 1080, "30000/1001")));
        assertEquals(3, tenASecond.lookEvery(new ClipMasker.ClipInfo(1920, 1080, "30")));
    }

    @Test
    void aWideClipIsMaskedAndServedScaledDownWithEveryFrame() throws IOException {
        assertEquals(new ClipMasker.ClipInfo(1280, 720, "25/1"),
                new ClipMasker.ClipInfo(1920, 1080, "25/1").atMost(1280));
        assertEquals(new ClipMasker.ClipInfo(640, 480, "10/1"),
                new ClipMasker.ClipInfo(640, 480, "10/1").atMost(1280));
        ClipMasker masker = new ClipMasker("ffmpeg", "ffprobe", 10, 160, Duration.ofMinutes(1));
        List<Integer> widths = new ArrayList<>();
        Path out = work.resolve("small.mp4");
        int frames = masker.mask(clip.mp4(), out, frame -> {
            widths.add(frame.cols() * 1000 + frame.rows());
            return List.of();
        });
        assertEquals(20, frames);
        assertTrue(widths.stream().allMatch(w -> w == 160_120), widths.toString());
        assertEquals(new ClipMasker.ClipInfo(160, 120, "10/1"), masker.probe(out));
        assertEquals(20, MaskingScene.framesAndDuration(out)[0]);
    }
}
