package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.plate.TextRegions;
import vn.wardwatch.testsupport.Detectors;
import vn.wardwatch.util.PixelRects;

/**
 * How long masking takes (printed: ms per 640x480 picture by stage, seconds per 10 s clip with regions on every
 * frame and on every 2nd frame), and that looking at every 2nd frame loses nothing: a frame between two looks is
 * masked with the union of its neighbours' regions, which must cover what a look at it would have found.
 */
class MaskingTimingTest {

    @TempDir
    static Path work;
    static SensitiveRegions regions;

    @BeforeAll
    static void setUp() {
        MaskingScene.requireFile(MaskingScene.VTEST);
        regions = new SensitiveRegions(Detectors.centerNet448());
    }

    @AfterAll
    static void tearDown() {
        regions.close();
    }

    @Test
    void millisecondsPerPicture() throws IOException {
        Path root = Files.createDirectories(work.resolve("pictures/cam/day/v"));
        PrivacyMasker masker = new PrivacyMasker(work.resolve("pictures"), regions,
                new ClipMasker("ffmpeg", "ffprobe", 5, 1280, Duration.ofMinutes(1)), Duration.ofMinutes(1));
        try (TextRegions text = new TextRegions(SensitiveRegions.TEXT_SCALE)) {
            int n = 6;
            long[] total = new long[n];
            long[] textMs = new long[n];
            long[] objectMs = new long[n];
            for (int i = 0; i < n; i++) {
                Mat scene = MaskingScene.picture(work, 1.0 + i);
                Path file = root.resolve("overview-" + i + ".jpg");
                Imgcodecs.imwrite(file.toString(), scene);
                long t0 = System.nanoTime();
                masker.masked(file, PrivacyMasker.IMAGE);
                long t1 = System.nanoTime();
                text.find(scene);
                long t2 = System.nanoTime();
                Detectors.centerNet448().detect(scene, SensitiveRegions.PERSON_MIN_SCORE);
                long t3 = System.nanoTime();
                total[i] = (t1 - t0) / 1_000_000;
                textMs[i] = (t2 - t1) / 1_000_000;
                objectMs[i] = (t3 - t2) / 1_000_000;
                scene.release();
            }
            // The first picture pays for warming the text detector up; the median is the steady cost.
            System.out.printf("privacy: 640x480 picture: median %d ms (all %s), of which text detector median %d ms,"
                    + " object detector median %d ms%n", median(total), Arrays.toString(total), median(textMs),
                    median(objectMs));
            assertEquals(n, masker.jobsRun());
        }
    }

    @Test
    void everySecondFrameCoversWhatEveryFrameFindsAndCostsLess() throws IOException {
        Path clip = MaskingScene.clip(work, 10);
        List<List<BoundingBox>> perFrame = new ArrayList<>();
        RegionFinder recording = frame -> {
            List<BoundingBox> found = regions.find(frame);
            perFrame.add(found);
            return found;
        };
        long t0 = System.nanoTime();
        new ClipMasker("ffmpeg", "ffprobe", 10, 1280, Duration.ofMinutes(5)).mask(clip, work.resolve("every.mp4"),
                recording);
        double everyFrame = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        new ClipMasker("ffmpeg", "ffprobe", 5, 1280, Duration.ofMinutes(5)).mask(clip, work.resolve("second.mp4"),
                regions);
        double everySecond = (System.nanoTime() - t0) / 1e9;
        assertEquals(100, perFrame.size());

        // For each frame between looks: the share of its own regions' area the neighbours' union covers.
        double worst = 1;
        double sum = 0;
        double sumUnGrown = 0;
        int counted = 0;
        for (int i = 1; i + 1 < perFrame.size(); i += 2) {
            double covered = coverage(perFrame.get(i), ClipMasker.between(perFrame.get(i - 1), perFrame.get(i + 1)));
            double unGrown = coverage(perFrame.get(i), union(perFrame.get(i - 1), perFrame.get(i + 1)));
            if (covered < 0.95) {
                System.out.printf("privacy: frame %d between looks: %.1f%% covered (%.1f%% without the margin),"
                        + " %d regions of its own, %d and %d in the looks around it%n", i, 100 * covered,
                        100 * unGrown, perFrame.get(i).size(), perFrame.get(i - 1).size(), perFrame.get(i + 1).size());
            }
            sumUnGrown += unGrown;
            worst = Math.min(worst, covered);
            sum += covered;
            counted++;
        }
        System.out.printf("privacy: 10 s 640x480 10 fps clip: %.1f s with regions on every frame, %.1f s on every"
                + " 2nd; frames between looks: neighbours' regions (grown) cover %.1f%% of their own on average"
                + " (%.1f%% without the margin), %.1f%% at worst%n", everyFrame, everySecond, 100 * sum / counted,
                100 * sumUnGrown / counted, 100 * worst);
        assertTrue(sum / counted > 0.95, "average coverage " + sum / counted);
    }

    /** Share of the area of {@code own} (as a union, in frame pixels) that {@code cover} holds too. */
    static double coverage(List<BoundingBox> own, List<BoundingBox> cover) {
        Mat a = Mat.zeros(MaskingScene.HEIGHT, MaskingScene.WIDTH, CvType.CV_8U);
        Mat b = Mat.zeros(MaskingScene.HEIGHT, MaskingScene.WIDTH, CvType.CV_8U);
        for (BoundingBox box : own) {
            a.submat(PixelRects.enclosing(box, a.cols(), a.rows())).setTo(new Scalar(1));
        }
        for (BoundingBox box : cover) {
            b.submat(PixelRects.enclosing(box, b.cols(), b.rows())).setTo(new Scalar(1));
        }
        int ownArea = org.opencv.core.Core.countNonZero(a);
        if (ownArea == 0) {
            return 1;
        }
        Mat both = new Mat();
        org.opencv.core.Core.bitwise_and(a, b, both);
        return (double) org.opencv.core.Core.countNonZero(both) / ownArea;
    }

    private static List<BoundingBox> union(List<BoundingBox> a, List<BoundingBox> b) {
        List<BoundingBox> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

}
