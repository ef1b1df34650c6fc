package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.evidence.OverviewPainter;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.testsupport.Detectors;
import vn.wardwatch.testsupport.PlateReaders;
import vn.wardwatch.util.PixelRects;

/** Masking with the real detector, the real text detector and real ffmpeg, on real pedestrians and a drawn plate. */
class PrivacyMaskerTest {

    @TempDir
    static Path work;
    static Path root;
    static Path packageDir;
    static Path overview;
    static Path paintedOverview;
    static Path plateCrop;
    static Path clip;
    static SensitiveRegions regions;
    static PrivacyMasker masker;
    static Map<String, String> originalHashes;

    @BeforeAll
    static void setUp() throws IOException {
        MaskingScene.requireFile(MaskingScene.VTEST);
        regions = new SensitiveRegions(Detectors.centerNet448());
        root = work.resolve("evidence");
        packageDir = Files.createDirectories(root.resolve("cam-1/2026-11-22/v-0001"));
        overview = packageDir.resolve("overview-1-on.jpg");
        Mat scene = MaskingScene.picture(work, 3.0);
        assertTrue(Imgcodecs.imwrite(overview.toString(), scene));
        paintedOverview = packageDir.resolve("overview-2-after.jpg");
        Mat painted = new OverviewPainter(new GeometryConfig(List.of(), List.of())).paint(scene,
                new BoundingBox(40, 280, 170, 70), "track 7 car", List.of(),
                List.of("cam-1  2026-11-22 10:00:00 Asia/Ho_Chi_Minh", "red_light  place-1  picture 2: after"));
        assertTrue(Imgcodecs.imwrite(paintedOverview.toString(), painted));
        painted.release();
        scene.release();
        plateCrop = packageDir.resolve("plate.jpg");
        Mat plate = MaskingScene.plate();
        assertTrue(Imgcodecs.imwrite(plateCrop.toString(), plate));
        plate.release();
        clip = Files.copy(MaskingScene.clip(work, 10), packageDir.resolve("clip.mp4"));
        originalHashes = hashes(packageDir);
        masker = new PrivacyMasker(root, regions, new ClipMasker("ffmpeg", "ffprobe", 5, 1280, Duration.ofMinutes(5)),
                Duration.ofMinutes(10));
    }

    @AfterAll
    static void tearDown() throws IOException {
        masker.close();
        // Signed evidence is only read: every original is byte for byte what it was before any masking.
        assertEquals(originalHashes, hashes(packageDir));
    }

    @Test
    void pictureHidesThePlateAndEveryPersonsHeadAndLeavesTheRestAlone() throws IOException {
        OcrPlateReader reader = PlateReaders.shared();
        Mat before = Imgcodecs.imread(overview.toString());
        assertTrue(texts(reader.readImage(before)).contains(MaskingScene.PLATE_TEXT),
                "the plate must be readable before masking");

        long start = System.nanoTime();
        Path masked = masker.masked(overview, PrivacyMasker.IMAGE);
        System.out.printf("privacy: masked a 640x480 picture in %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertTrue(masked.startsWith(root.resolve(PrivacyMasker.CACHE_DIR)), masked.toString());
        Mat after = Imgcodecs.imread(masked.toString());
        assertEquals(before.size(), after.size());
        assertFalse(texts(reader.readImage(after)).contains(MaskingScene.PLATE_TEXT), "plate still readable");

        List<Detection> persons = Detectors.centerNet448().detect(before, 0.4).stream()
                .filter(d -> d.objectClass() == ObjectClass.PERSON).toList();
        assertTrue(persons.size() >= 2, "vtest.avi at 3 s shows pedestrians: " + persons);
        for (Detection p : persons) {
            BoundingBox b = p.box();
            BoundingBox head = new BoundingBox(b.x(), b.y(), b.width(), b.height() * 0.15);
            double detailBefore = detail(before, head);
            double detailAfter = detail(after, head);
            System.out.printf("privacy: head of person at %.0f,%.0f: detail %.1f -> %.1f, mean change %.1f%n",
                    b.x(), b.y(), detailBefore, detailAfter, meanChange(before, after, head));
            assertTrue(detailAfter < 0.3 * detailBefore, "head at " + head + " keeps its detail: "
                    + detailBefore + " -> " + detailAfter);
        }
        // Lawn far from the people, the plate and the tripod: only JPEG re-encoding touches it.
        BoundingBox lawn = new BoundingBox(200, 390, 120, 80);
        double lawnChange = meanChange(before, after, lawn);
        System.out.printf("privacy: background mean change %.2f%n", lawnChange);
        assertTrue(lawnChange < 3, "background changed by " + lawnChange);
    }

    @Test
    void anOverviewKeepsItsCaptionBarButNotThePlate() throws IOException {
        Mat before = Imgcodecs.imread(paintedOverview.toString());
        assertTrue(texts(PlateReaders.shared().readImage(before)).contains(MaskingScene.PLATE_TEXT));
        Mat after = Imgcodecs.imread(masker.masked(paintedOverview, PrivacyMasker.IMAGE).toString());
        assertFalse(texts(PlateReaders.shared().readImage(after)).contains(MaskingScene.PLATE_TEXT));
        BoundingBox bar = new BoundingBox(0, 0, before.cols(),
                OverviewPainter.captionHeight(before.cols(), OverviewCaption.CAPTION_LINES));
        double barChange = meanChange(before, after, bar);
        System.out.printf("privacy: caption bar mean change %.2f, detail %.1f -> %.1f%n", barChange,
                detail(before, bar), detail(after, bar));
        assertTrue(barChange < 3, "caption bar changed by " + barChange);
    }

    @Test
    void plateCropIsBlurredWhole() throws IOException {
        Mat before = Imgcodecs.imread(plateCrop.toString());
        assertTrue(texts(PlateReaders.shared().readImage(before)).contains(MaskingScene.PLATE_TEXT));
        Path masked = masker.masked(plateCrop, PrivacyMasker.IMAGE);
        Mat after = Imgcodecs.imread(masked.toString());
        assertFalse(texts(PlateReaders.shared().readImage(after)).contains(MaskingScene.PLATE_TEXT));
        BoundingBox all = new BoundingBox(0, 0, before.cols(), before.rows());
        assertTrue(detail(after, all) < 0.2 * detail(before, all));
    }

    @Test
    void clipKeepsFramesAndDurationAndHidesThePlate() throws IOException {
        long start = System.nanoTime();
        Path masked = masker.masked(clip, PrivacyMasker.CLIP);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("privacy: masked a 10 s 640x480 10 fps clip in %.1f s (regions on every 2nd frame)%n",
                seconds);

        double[] original = MaskingScene.framesAndDuration(clip);
        double[] copy = MaskingScene.framesAndDuration(masked);
        assertEquals(100, original[0]);
        assertEquals(original[0], copy[0], "frame count");
        assertEquals(original[1], copy[1], 0.001, "duration in seconds");

        OcrPlateReader reader = PlateReaders.shared();
        for (int index : new int[] {49, 50}) { // one looked-at frame, one between looks
            Mat frameBefore = MaskingScene.frame(clip, index, work);
            Mat frameAfter = MaskingScene.frame(masked, index, work);
            assertTrue(texts(reader.readImage(frameBefore)).contains(MaskingScene.PLATE_TEXT),
                    "plate readable in frame " + index + " of the original");
            assertFalse(texts(reader.readImage(frameAfter)).contains(MaskingScene.PLATE_TEXT),
                    "plate readable in frame " + index + " of the masked clip");
        }
    }

    @Test
    void aMaskedCopyIsMadeOnceAndReused() throws IOException {
        Path first = masker.masked(overview, PrivacyMasker.IMAGE);
        FileTime made = Files.getLastModifiedTime(first);
        long jobs = masker.jobsRun();
        Path second = masker.masked(overview, PrivacyMasker.IMAGE);
        assertEquals(first, second);
        assertEquals(jobs, masker.jobsRun(), "a second masking job ran");
        assertEquals(made, Files.getLastModifiedTime(second));
        assertEquals(MaskedMediaCache.sha256(overview) + ".jpg", first.getFileName().toString());
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "temporary file left");
        }
    }

    @Test
    void forgetDeletesTheCopiesOfAnOriginalAndPruneTheOldOnes() throws IOException {
        Path dir = Files.createDirectories(work.resolve("forget-evidence/cam/day/v"));
        Path a = Files.copy(plateCrop, dir.resolve("plate.jpg"));
        Path b = Files.copy(overview, dir.resolve("vehicle.jpg"));
        PrivacyMasker m = new PrivacyMasker(work.resolve("forget-evidence"), frame -> List.of(),
                new ClipMasker("ffmpeg", "ffprobe", 10, 1280, Duration.ofMinutes(1)), Duration.ofMinutes(1));
        Path copyA = m.masked(a, PrivacyMasker.IMAGE);
        Path copyB = m.masked(b, PrivacyMasker.IMAGE);
        assertEquals(1, m.forget(a));
        assertFalse(Files.exists(copyA));
        assertTrue(Files.exists(copyB));
        assertEquals(0, m.prune(Duration.ofHours(1)), "a fresh copy is kept");
        Files.setLastModifiedTime(copyB, FileTime.from(java.time.Instant.now().minus(Duration.ofDays(8))));
        assertEquals(1, m.prune(Duration.ofDays(7)));
        assertFalse(Files.exists(copyB));
        assertTrue(Files.exists(a) && Files.exists(b), "originals are never deleted");
    }

    @Test
    void oneJobAtATimeAndAWaitingCallerGivesUpAfterTheBoundedWait() throws Exception {
        Path otherRoot = Files.createDirectories(work.resolve("other-evidence/cam/day/v"));
        Path a = Files.copy(overview, otherRoot.resolve("a.jpg"));
        Path b = Files.copy(plateCrop, otherRoot.resolve("b.jpg"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RegionFinder blocking = frame -> {
            entered.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };
        PrivacyMasker slow = new PrivacyMasker(work.resolve("other-evidence"), blocking,
                new ClipMasker("ffmpeg", "ffprobe", 10, 1280, Duration.ofMinutes(1)), Duration.ofMillis(100));
        CompletableFuture<Path> running = CompletableFuture.supplyAsync(() -> {
            try {
                return slow.masked(a, PrivacyMasker.IMAGE);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(entered.await(1, TimeUnit.MINUTES));
        MaskingBusyException busy = assertThrows(MaskingBusyException.class,
                () -> slow.masked(b, PrivacyMasker.IMAGE));
        assertTrue(busy.getMessage().contains(b.toString()), busy.getMessage());
        // A live frame (issue 9) waits for the same one job, at most the shorter of maxWait and 2 s.
        org.opencv.core.Mat frame = new org.opencv.core.Mat(48, 64, org.opencv.core.CvType.CV_8UC3);
        MaskingBusyException frameBusy = assertThrows(MaskingBusyException.class, () -> slow.maskFrame(frame));
        assertTrue(frameBusy.getMessage().contains("a live frame did not start within 100 ms"),
                frameBusy.getMessage());
        release.countDown();
        Path done = running.get(1, TimeUnit.MINUTES);
        assertTrue(Files.isRegularFile(done));
        assertEquals(1, slow.jobsRun());
        assertTrue(Files.isRegularFile(slow.masked(b, PrivacyMasker.IMAGE)), "free again after the job");
        assertTrue(slow.maskFrame(frame), "frames are masked in memory once the masker is free");
        frame.release();
    }

    @Test
    void masksFilesOfAnotherMediaRootIntoTheEvidenceRootsCache() throws IOException {
        Path data = Files.createDirectories(work.resolve("data/warnings/cam"));
        Path snapshot = Files.copy(overview, data.resolve("w1.jpg"));
        PrivacyMasker m = new PrivacyMasker(work.resolve("media-evidence"), List.of(work.resolve("data")),
                frame -> List.of(), new ClipMasker("ffmpeg", "ffprobe", 10, 1280, Duration.ofMinutes(1)),
                Duration.ofMinutes(1));
        Path copy = m.masked(snapshot, PrivacyMasker.IMAGE);
        assertTrue(copy.startsWith(work.resolve("media-evidence/" + PrivacyMasker.CACHE_DIR)), copy.toString());
        Path outside = Files.copy(overview, work.resolve("elsewhere.jpg"));
        assertThrows(IllegalArgumentException.class, () -> m.masked(outside, PrivacyMasker.IMAGE));
    }

    @Test
    void refusesFilesOutsideTheEvidenceRootAndUnknownKinds() throws IOException {
        Path outside = Files.copy(overview, work.resolve("outside.jpg"));
        assertThrows(IllegalArgumentException.class, () -> masker.masked(outside, PrivacyMasker.IMAGE));
        assertThrows(IllegalArgumentException.class,
                () -> masker.masked(packageDir.resolve("../v-0001/../../../../outside.jpg"), PrivacyMasker.IMAGE));
        Path link = Files.createSymbolicLink(packageDir.resolve("link.jpg"), outside);
        try {
            assertThrows(IllegalArgumentException.class, () -> masker.masked(link, PrivacyMasker.IMAGE));
        } finally {
            Files.delete(link);
        }
        assertThrows(IllegalArgumentException.class, () -> masker.masked(overview, "audio"));
        IOException missing = assertThrows(IOException.class,
                () -> masker.masked(packageDir.resolve("nope.jpg"), PrivacyMasker.IMAGE));
        assertTrue(missing.getMessage().contains("nope.jpg"), missing.getMessage());
    }

    private static List<String> texts(List<PlateRead> reads) {
        return reads.stream().map(PlateRead::text).toList();
    }

    /** Standard deviation of the Laplacian inside the box: how much fine detail (edges, features) it holds. */
    static double detail(Mat bgr, BoundingBox box) {
        Rect r = PixelRects.enclosing(box, bgr.cols(), bgr.rows());
        Mat roi = bgr.submat(r);
        Mat grey = new Mat();
        Mat lap = new Mat();
        org.opencv.imgproc.Imgproc.cvtColor(roi, grey, org.opencv.imgproc.Imgproc.COLOR_BGR2GRAY);
        org.opencv.imgproc.Imgproc.Laplacian(grey, lap, org.opencv.core.CvType.CV_64F);
        org.opencv.core.MatOfDouble mean = new org.opencv.core.MatOfDouble();
        org.opencv.core.MatOfDouble std = new org.opencv.core.MatOfDouble();
        Core.meanStdDev(lap, mean, std);
        double s = std.toArray()[0];
        roi.release();
        grey.release();
        lap.release();
        return s;
    }

    /** Mean absolute difference of all channels inside the box. */
    static double meanChange(Mat a, Mat b, BoundingBox box) {
        Rect r = PixelRects.enclosing(box, a.cols(), a.rows());
        Mat diff = new Mat();
        Core.absdiff(a.submat(r), b.submat(r), diff);
        double[] m = Core.mean(diff).val;
        diff.release();
        return (m[0] + m[1] + m[2]) / 3;
    }

    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            out.put(f.getFileName().toString(), MaskedMediaCache.sha256(f));
        }
        return out;
    }
}
