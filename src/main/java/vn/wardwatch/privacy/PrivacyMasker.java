package vn.wardwatch.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.util.DurableFiles;
import vn.wardwatch.util.OpenCv;

/**
 * Evidence pictures and clips with plates and faces blurred, for roles that may see evidence but not whom it shows
 * (the coordinator). The originals are signed evidence and are only read; the masked copies live in
 * {@code <evidence root>/.masked/} under the SHA-256 of their original, made once and reused.
 *
 * <p>Masking is slow (object and text detection on every picture, on every frame or second frame of a clip), so
 * one job runs at a time: a caller waits for the running job at most {@code maxWait}, then gets a
 * {@link MaskingBusyException}. A copy already made is returned at once, without waiting.
 */
public final class PrivacyMasker implements MediaMasker, AutoCloseable {

    public static final String IMAGE = "image";
    public static final String CLIP = "clip";
    /** Name of the cache directory inside the evidence root. */
    public static final String CACHE_DIR = ".masked";
    /**
     * Pictures that are a plate and nothing else (the evidence package's plate crop): blurred whole, since the text
     * detector may miss text that fills the picture to its edges.
     */
    static final Set<String> WHOLE_PICTURES = Set.of("plate.jpg");
    private static final int JPEG_QUALITY = 90;
    /**
     * Privacy first: every frame of a 10 fps analysis clip is looked at (see {@link ClipMasker} for what every 2nd
     * would save and cost); a 25 or 30 fps recording every 2nd or 3rd.
     */
    static final double CLIP_LOOKS_PER_SECOND = 10;
    /** Recordings at camera resolution are masked and served at most this wide (1080p: 1.6 s a look, 720p: 0.6 s). */
    static final int CLIP_MAX_WIDTH = 1280;
    static final int CLIP_TIMEOUT_SECONDS = 600;
    static final int MAX_WAIT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyMasker.class);

    private final Path root;
    private final RegionFinder regions;
    private final ClipMasker clips;
    private final MaskedMediaCache cache;
    private final Duration maxWait;
    private final Semaphore oneJob = new Semaphore(1, true);
    private final AtomicLong jobs = new AtomicLong();

    /**
     * @param evidenceRoot the evidence root: originals must lie under it, masked copies go to its {@value #CACHE_DIR}
     * @param regions      what to hide in a frame ({@link SensitiveRegions} in the application)
     * @param maxWait      how long a caller waits for another masking job before {@link MaskingBusyException}
     */
    public PrivacyMasker(Path evidenceRoot, RegionFinder regions, ClipMasker clips, Duration maxWait) {
        OpenCv.load();
        this.root = evidenceRoot.toAbsolutePath().normalize();
        this.regions = regions;
        this.clips = clips;
        this.cache = new MaskedMediaCache(root.resolve(CACHE_DIR));
        this.maxWait = maxWait;
    }

    /**
     * The application's masker: plates and heads found by {@link SensitiveRegions} with the shared detector, clips
     * looked at {@value #CLIP_LOOKS_PER_SECOND} times a second and at most {@value #CLIP_MAX_WIDTH} wide, a clip
     * job killed after {@value #CLIP_TIMEOUT_SECONDS} s, callers waiting at most {@value #MAX_WAIT_SECONDS} s for
     * the running job. Close it at shutdown (it holds a text detector session).
     *
     * @param detector the loaded object detector; without one there is no masker (coordinators get no media)
     * @param ffmpeg   the ffmpeg executable ({@code evidence.ffmpeg}); ffprobe is taken from beside it
     */
    public static PrivacyMasker standard(Path evidenceRoot, Detector detector, String ffmpeg) {
        return new PrivacyMasker(evidenceRoot, new SensitiveRegions(Objects.requireNonNull(detector, "detector")),
                new ClipMasker(ffmpeg, ffprobeBeside(ffmpeg), CLIP_LOOKS_PER_SECOND, CLIP_MAX_WIDTH,
                        Duration.ofSeconds(CLIP_TIMEOUT_SECONDS)),
                Duration.ofSeconds(MAX_WAIT_SECONDS));
    }

    /** {@code ffmpeg} -> {@code ffprobe}, {@code /opt/ff/bin/ffmpeg} -> {@code /opt/ff/bin/ffprobe}. */
    static String ffprobeBeside(String ffmpeg) {
        int slash = Math.max(ffmpeg.lastIndexOf('/'), ffmpeg.lastIndexOf('\\'));
        String name = ffmpeg.substring(slash + 1);
        String probe = name.startsWith("ffmpeg") ? "ffprobe" + name.substring(6) : "ffprobe";
        return ffmpeg.substring(0, slash + 1) + probe;
    }

    @Override
    public Path masked(Path original, String kind) throws IOException {
        boolean image = IMAGE.equals(kind);
        if (!image && !CLIP.equals(kind)) {
            throw new IllegalArgumentException("media kind must be '" + IMAGE + "' or '" + CLIP + "', got '" + kind
                    + "' for " + original);
        }
        Path file = checkedOriginal(original);
        boolean whole = image && WHOLE_PICTURES.contains(file.getFileName().toString());
        String name = MaskedMediaCache.sha256(file) + (whole ? "-whole" : "") + (image ? ".jpg" : ".mp4");
        Path hit = cache.existing(name);
        if (hit != null) {
            return hit;
        }
        acquire(file);
        try {
            hit = cache.existing(name); // made by the job we waited for
            if (hit != null) {
                return hit;
            }
            long start = System.nanoTime();
            Path made = cache.create(name, target -> {
                if (image) {
                    maskPicture(file, target, whole);
                } else {
                    clips.mask(file, target, regions::find);
                }
            });
            jobs.incrementAndGet();
            LOG.info("Masked {} {} in {} ms -> {}", kind, file, (System.nanoTime() - start) / 1_000_000, made);
            return made;
        } finally {
            oneJob.release();
        }
    }

    /** Live frames (issue 9) share the one-job limit with pictures and clips: the detectors are the same. */
    @Override
    public boolean maskFrame(Mat bgr) throws IOException {
        acquire("a live frame");
        try {
            RegionBlur.apply(bgr, regions.find(bgr));
            return true;
        } finally {
            oneJob.release();
        }
    }

    /**
     * Deletes the masked copies of {@code original}: call it before deleting an original (retention, a deletion
     * order), so that no copy outlives it. Returns how many were deleted.
     */
    public int forget(Path original) throws IOException {
        return cache.deleteStartingWith(MaskedMediaCache.sha256(checkedOriginal(original)));
    }

    /**
     * Deletes masked copies made longer than {@code maxAge} ago (they are remade when asked for again): run it daily
     * so that copies of originals deleted without {@link #forget} go too. Returns how many were deleted.
     */
    public int prune(Duration maxAge) throws IOException {
        return cache.deleteOlderThan(Instant.now().minus(maxAge));
    }

    /** How many masked copies this masker has made (not counting the ones it found made). */
    public long jobsRun() {
        return jobs.get();
    }

    /** The directory masked copies are kept in. */
    public Path cacheDir() {
        return cache.dir();
    }

    private Path checkedOriginal(Path original) throws IOException {
        Path file = original.toAbsolutePath().normalize();
        if (!file.startsWith(root) || file.startsWith(cache.dir())) {
            throw new IllegalArgumentException("cannot mask " + original + ": it is not an evidence file under "
                    + root);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot mask " + original + ": no such file");
        }
        // Links resolved: a link inside the evidence root must not lead the masker to files outside it.
        Path real = file.toRealPath();
        Path realRoot = root.toRealPath();
        if (!real.startsWith(realRoot) || real.startsWith(realRoot.resolve(CACHE_DIR))) {
            throw new IllegalArgumentException("cannot mask " + original + ": it leads to " + real
                    + ", not an evidence file under " + realRoot);
        }
        return file;
    }

    private void acquire(Object file) throws IOException {
        try {
            if (!oneJob.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MaskingBusyException("masking " + file + " did not start within " + maxWait.toMillis()
                        + " ms: another masking job is running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to mask " + file, e);
        }
    }

    private void maskPicture(Path original, Path target, boolean whole) throws IOException {
        Mat image = Imgcodecs.imread(original.toString(), Imgcodecs.IMREAD_COLOR);
        MatOfByte jpeg = new MatOfByte();
        try {
            if (image.empty()) {
                throw new IOException("picture " + original + " cannot be decoded");
            }
            List<BoundingBox> boxes = whole ? List.of(new BoundingBox(0, 0, image.cols(), image.rows()))
                    : regions.find(image);
            if (!whole && OverviewCaption.isOverview(original.getFileName().toString())) {
                boxes = OverviewCaption.outsideBar(image, boxes);
            }
            RegionBlur.apply(image, boxes);
            if (!Imgcodecs.imencode(".jpg", image, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY))) {
                throw new IOException("masked picture of " + original + " cannot be encoded as JPEG");
            }
            DurableFiles.write(target, jpeg.toArray(), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        } finally {
            image.release();
            jpeg.release();
        }
    }

    /** Closes the region finder when it holds resources ({@link SensitiveRegions} holds a text detector). */
    @Override
    public void close() {
        if (regions instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Could not close the region finder of the privacy masker: {}", e.toString());
            }
        }
    }
}
