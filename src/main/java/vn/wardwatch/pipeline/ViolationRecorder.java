package vn.wardwatch.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.evidence.ClipEncoder;
import vn.wardwatch.recording.ClipExporter;
import vn.wardwatch.recording.RecordedClips;
import vn.wardwatch.evidence.EvidenceFile;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.EvidenceWriteException;
import vn.wardwatch.evidence.OverviewPainter;
import vn.wardwatch.evidence.RingFrame;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.plate.PlateVoting;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationRepository;
import vn.wardwatch.util.PixelRects;
import vn.wardwatch.violation.Moment;
import vn.wardwatch.violation.Violation;
import vn.wardwatch.violation.ViolationIds;

/**
 * Turns violations into signed evidence and stored rows, on one thread of its own shared by all cameras, so that
 * evidence work (drawing, plate reading, clip encoding, fsync) never holds up ingest or detection.
 *
 * <p>Per violation: the overview pictures (one per moment, drawn by {@link OverviewPainter}), the vehicle crop, the
 * plate read voted over the pictures with its crop, the clip (H.264 MP4 by ffmpeg), {@code details.json} (moments,
 * signal, plate alternatives) and the signed manifest are written as one package, atomically
 * ({@link EvidencePackageWriter}); only then is the database row committed. A failure (disk full, ffmpeg missing,
 * database down) is logged and counted: the package is all or nothing, and a package without its row is logged by
 * path so it can be re-indexed; nothing stored before is touched.
 */
public final class ViolationRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViolationRecorder.class);
    static final int QUEUE_SIZE = 64;
    private static final double VEHICLE_PADDING = 0.15;
    private static final double PLATE_MARGIN = 0.1;
    private static final String CLOCK_SOURCE = "system-clock";
    private static final DateTimeFormatter CAPTION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** ONNX Runtime needs a deep stack on the thread that first loads a model. */
    private static final long STACK_BYTES = 16L << 20;

    private final EvidencePackageWriter writer;
    private final Path evidenceRoot;
    private final ViolationRepository repository;
    private final ClipEncoder clips;
    private final Supplier<PlateReader> plateReaders;
    private final List<EvidenceManifest.Model> models;
    private final Consumer<StoredViolation> listener;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    /** Issue 7: clips cut from the camera's original recording when it is on; null: always from analysed frames. */
    private volatile RecordedClips recordedClips;
    // Recorder thread only: made on first use, so that a camera without violations loads no OCR model.
    private PlateReader plateReader;

    /**
     * @param plateReaders makes the plate reader on first need (on the recorder's thread); null: plates not read
     * @param models       the models behind every decision, for the manifest
     * @param listener     told of every stored violation (e.g. the event bus); called on the recorder's thread
     */
    public ViolationRecorder(EvidencePackageWriter writer, Path evidenceRoot, ViolationRepository repository,
                             ClipEncoder clips, Supplier<PlateReader> plateReaders,
                             List<EvidenceManifest.Model> models, Consumer<StoredViolation> listener,
                             MeterRegistry registry, Clock clock) {
        this.writer = writer;
        this.evidenceRoot = evidenceRoot.toAbsolutePath().normalize();
        this.repository = repository;
        this.clips = clips;
        this.plateReaders = plateReaders;
        this.models = List.copyOf(models);
        this.listener = listener;
        this.registry = registry;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_SIZE),
                r -> {
                    Thread t = new Thread(null, r, "evidence", STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                });
        registry.gaugeCollectionSize(Meters.EVIDENCE_QUEUE_DEPTH, Tags.empty(),
                executor.getQueue());
    }

    /** Cut violation clips from the original recording where a camera is recorded (the manifest says which). */
    public void useRecordedClips(RecordedClips clips) {
        this.recordedClips = clips;
    }

    /** Queues a job; false (logged and counted) when the queue is full or the recorder is closed. */
    public boolean submit(EvidenceJob job) {
        try {
            executor.execute(() -> recordLogged(job));
            return true;
        } catch (RejectedExecutionException e) {
            registry.counter(Meters.EVIDENCE_DROPPED, Meters.TAG_CAMERA, job.camera().id()).increment();
            LOG.error("camera {}: evidence of {} (track {}) dropped: the evidence queue is full ({} waiting)",
                    job.camera().id(), job.violation().type().code(), job.violation().trackId(), QUEUE_SIZE);
            return false;
        }
    }

    private void recordLogged(EvidenceJob job) {
        try {
            record(job);
        } catch (EvidenceWriteException | RuntimeException e) {
            registry.counter(Meters.EVIDENCE_FAILURES, Meters.TAG_CAMERA, job.camera().id()).increment();
            LOG.error("camera {}: evidence of {} (track {}) not stored: {}", job.camera().id(),
                    job.violation().type().code(), job.violation().trackId(), e.getMessage(), e);
        }
    }

    /** Writes the package and stores the row, on the calling thread; returns the stored row. */
    public StoredViolation record(EvidenceJob job) throws EvidenceWriteException {
        long start = System.nanoTime();
        CameraConfig camera = job.camera();
        Violation v = job.violation();
        String id = ViolationIds.of(camera.id(), v);
        List<Mat> toRelease = new ArrayList<>();
        Path clipFile = null;
        try {
            Map<String, Mat> frames = decode(job, toRelease);
            List<EvidenceFile> files = new ArrayList<>();
            OverviewPainter painter = new OverviewPainter(camera.geometry());
            LocalDateTime local = LocalDateTime.ofInstant(v.wallTime(), camera.timezone());
            int n = 1;
            for (Moment m : v.moments()) {
                Mat frame = frames.get(m.label());
                if (frame == null) {
                    continue;
                }
                Mat painted = painter.paint(frame, m.box(), "track " + v.trackId() + " " + v.objectClass().wireName(),
                        job.signals(), List.of(camera.id() + "  " + CAPTION_TIME.format(local) + " "
                                + camera.timezone().getId(),
                                v.type().code() + "  " + v.placeId() + "  picture " + n + ": " + m.label()));
                toRelease.add(painted);
                files.add(EvidenceFile.jpeg("overview-" + n + "-" + m.label() + ".jpg", painted));
                n++;
            }
            Mat keyFrame = frames.get(v.keyMoment().label());
            if (keyFrame != null) {
                Mat vehicle = crop(keyFrame, v.keyMoment().box().grown(VEHICLE_PADDING), toRelease);
                files.add(EvidenceFile.jpeg("vehicle.jpg", vehicle));
            }
            Optional<PlateResult> plate = readPlate(v, frames, toRelease);
            plate.ifPresent(p -> files.add(EvidenceFile.jpeg("plate.jpg", p.crop)));
            JsonObject clipSource = null;
            if (!job.clip().isEmpty()) {
                Instant from = job.clip().get(0).wallTime();
                Instant to = job.clip().get(job.clip().size() - 1).wallTime();
                RecordedClips recorded = recordedClips;
                Optional<ClipExporter.Clip> cut = recorded == null ? Optional.empty()
                        : recorded.cut(camera.id(), from, to);
                if (cut.isPresent()) {
                    clipFile = cut.get().file();
                    clipSource = new JsonObject().put("source", "recording")
                            .put("actualFrom", cut.get().actualStart().toString())
                            .put("actualTo", cut.get().actualEnd().toString());
                } else {
                    // Under the evidence root, not /tmp: what a killed process leaves is found and removed at
                    // startup (EvidencePackageWriter.recoverAtStartup), and the copy into the package stays local.
                    Path work = Files.createDirectories(evidenceRoot.resolve(EvidencePackageWriter.WORK));
                    clipFile = Files.createTempDirectory(work, "clip-").resolve("clip.mp4");
                    clips.encode(job.clip(), clipFile);
                    clipSource = new JsonObject().put("source", "analysis_frames");
                }
                files.add(EvidenceFile.copyOf("clip.mp4", clipFile));
            }
            JsonObject detailsJson = details(job, plate.map(p -> p.vote).orElse(null));
            if (clipSource != null) {
                detailsJson.getJsonObject("clip").mergeIn(clipSource);
            }
            files.add(EvidenceFile.bytes("details.json", detailsJson
                    .encodePrettily().getBytes(StandardCharsets.UTF_8)));
            EvidenceManifest manifest = manifest(id, job, local, plate.map(p -> p.vote).orElse(null),
                    clipSource == null ? null : clipSource.getString("source"));
            Path dir = writer.write(manifest, files);
            String manifestSha = sha256(Files.readAllBytes(dir.resolve(EvidencePackageWriter.MANIFEST)));
            StoredViolation row = row(id, job, plate.map(p -> p.vote).orElse(null),
                    evidenceRoot.relativize(dir.toAbsolutePath().normalize()).toString(), manifestSha);
            try {
                repository.add(row);
            } catch (RuntimeException e) {
                throw new EvidenceWriteException("violation " + id + ": the signed package is at " + dir
                        + " but its row could not be stored (" + e.getMessage() + ")", e);
            }
            Timer.builder(Meters.EVIDENCE_LATENCY).tag(Meters.TAG_CAMERA, camera.id())
                    .publishPercentiles(0.5, 0.95, 0.99).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - job.readyNanos()));
            Timer.builder(Meters.EVIDENCE_WORK).tag(Meters.TAG_CAMERA, camera.id())
                    .publishPercentiles(0.5, 0.95, 0.99).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
            registry.counter(Meters.VIOLATIONS, Meters.TAG_CAMERA, camera.id(), Meters.TAG_TYPE, v.type().wireName())
                    .increment();
            LOG.info("camera {}: {} by track {} ({}) stored as {}{}", camera.id(), v.type().code(), v.trackId(),
                    v.objectClass().wireName(), id, row.plateText() == null ? "" : ", plate " + row.plateText());
            if (listener != null) {
                listener.accept(row);
            }
            return row;
        } catch (EvidenceWriteException e) {
            throw e; // already says which violation and where
        } catch (IOException e) {
            throw new EvidenceWriteException("violation " + id + ": " + e.getMessage(), e);
        } finally {
            toRelease.forEach(Mat::release);
            if (clipFile != null) {
                try {
                    Files.deleteIfExists(clipFile);
                    Files.deleteIfExists(clipFile.getParent());
                } catch (IOException e) {
                    LOG.warn("temporary clip {} not deleted: {}", clipFile, e.toString());
                }
            }
        }
    }

    private static Map<String, Mat> decode(EvidenceJob job, List<Mat> toRelease) {
        Map<String, Mat> frames = new HashMap<>();
        job.pictures().forEach((label, frame) -> {
            Mat m = frame.decode();
            toRelease.add(m);
            frames.put(label, m);
        });
        return frames;
    }

    private static Mat crop(Mat frame, BoundingBox box, List<Mat> toRelease) {
        Mat crop = frame.submat(PixelRects.enclosing(box, frame.cols(), frame.rows())).clone();
        toRelease.add(crop);
        return crop;
    }

    private record PlateResult(PlateVote vote, Mat crop) {
    }

    /** The plate voted over every picture of the vehicle; empty when none was read. */
    private Optional<PlateResult> readPlate(Violation v, Map<String, Mat> frames, List<Mat> toRelease) {
        if (plateReaders == null) {
            return Optional.empty();
        }
        if (plateReader == null) {
            plateReader = plateReaders.get();
        }
        List<PlateRead> reads = new ArrayList<>();
        List<Mat> readFrames = new ArrayList<>();
        for (Moment m : v.moments()) {
            Mat frame = frames.get(m.label());
            if (frame == null) {
                continue;
            }
            List<PlateRead> found = plateReader.read(frame, m.box());
            if (!found.isEmpty()) {
                reads.add(found.get(0));
                readFrames.add(frame);
            }
        }
        return PlateVoting.vote(reads).map(result -> {
            PlateRead best = reads.get(result.bestRead());
            Mat crop = crop(readFrames.get(result.bestRead()), best.box().grown(PLATE_MARGIN), toRelease);
            return new PlateResult(result.vote(), crop);
        });
    }

    private EvidenceManifest manifest(String id, EvidenceJob job, LocalDateTime local, PlateVote plate,
                                      String clipSource) {
        CameraConfig camera = job.camera();
        Violation v = job.violation();
        return new EvidenceManifest(id, camera.id(), camera.name(), camera.location().address(),
                camera.location().latitude(), camera.location().longitude(), v.laneId(), v.type().code(),
                v.wallTime(), local, camera.timezone(), CLOCK_SOURCE, v.trackId(),
                v.signal() == null ? null : v.signal().colour().wireName(),
                v.signal() == null ? null : v.signal().source(), models, job.geometryHash(),
                plate == null ? null : plate.text(), plate == null ? null : plate.confidence(), clipSource, List.of());
    }

    private StoredViolation row(String id, EvidenceJob job, PlateVote plate, String packageDir, String manifestSha) {
        Violation v = job.violation();
        CameraConfig camera = job.camera();
        return new StoredViolation(id, camera.id(), v.type().code(), StoredViolation.NEW, v.wallTime(),
                camera.timezone().getRules().getOffset(v.wallTime()), v.trackId(), v.objectClass().wireName(),
                v.placeId(), v.laneId(), v.signal() == null ? null : v.signal().colour().wireName(),
                v.signal() == null ? null : v.signal().source(), job.geometryHash(),
                plate == null ? null : plate.text(), plate == null ? null : plate.characters(),
                plate == null ? null : plate.confidence(), packageDir, manifestSha, clock.instant());
    }

    /** What the manifest has no field for: the moments, the signal's timing, the plate's alternatives, the clip. */
    private static JsonObject details(EvidenceJob job, PlateVote plate) {
        Violation v = job.violation();
        JsonArray moments = new JsonArray();
        for (Moment m : v.moments()) {
            RingFrame f = job.pictures().get(m.label());
            moments.add(new JsonObject().put("label", m.label()).put("streamMillis", m.streamMillis())
                    .put("frameStreamMillis", f == null ? null : f.streamMillis())
                    .put("frameWallTime", f == null ? null : f.wallTime().toString())
                    .put("box", new JsonArray().add(m.box().x()).add(m.box().y()).add(m.box().width())
                            .add(m.box().height())));
        }
        JsonObject json = new JsonObject().put("type", v.type().code()).put("objectClass", v.objectClass().wireName())
                .put("place", v.placeId()).put("lane", v.laneId()).put("trackId", v.trackId())
                .put("streamMillis", v.streamMillis()).put("moments", moments);
        if (v.signal() != null) {
            json.put("signal", new JsonObject().put("head", v.signal().headId())
                    .put("state", v.signal().colour().wireName()).put("source", v.signal().source())
                    .put("heldMillis", v.signal().heldMillis(v.streamMillis())));
        }
        if (plate != null) {
            JsonArray runnerUps = new JsonArray();
            plate.runnerUps().forEach(r -> runnerUps.add(new JsonObject().put("text", r.text())
                    .put("support", r.support()).put("reads", r.reads())));
            json.put("plate", new JsonObject().put("text", plate.text()).put("layout", plate.layout().name())
                    .put("colour", plate.colour().name()).put("confidence", plate.confidence())
                    .put("valid", plate.valid()).put("support", plate.support()).put("reads", plate.reads())
                    .put("runnerUps", runnerUps));
        }
        if (!job.clip().isEmpty()) {
            json.put("clip", new JsonObject().put("frames", job.clip().size())
                    .put("fromStreamMillis", job.clip().get(0).streamMillis())
                    .put("toStreamMillis", job.clip().get(job.clip().size() - 1).streamMillis())
                    .put("from", job.clip().get(0).wallTime().toString())
                    .put("to", job.clip().get(job.clip().size() - 1).wallTime().toString()));
        }
        return json;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Finishes the queued jobs (up to {@code waitMillis}), then frees the plate reader. */
    public void close(long waitMillis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.error("evidence of {} violation(s) still queued at shutdown was not written",
                        executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (plateReader != null) {
            plateReader.close();
        }
    }

    @Override
    public void close() {
        close(60_000);
    }
}
