package vn.wardwatch.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateSink;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.PlateRepository;

/**
 * Stores voted plates: the crop JPEG first (written atomically), then the database row that points to it. A crop
 * that cannot be written (disk full, no permission) is logged and counted, and the row is stored without it: the
 * plate matters more than its picture. A row that cannot be stored is kept and retried with the next plate and on
 * {@link #flush()}, so plates are not lost while the database is briefly unavailable. Shared by the cameras' plate
 * workers.
 */
public final class PlateWriter implements PlateSink {

    private static final Logger LOG = LoggerFactory.getLogger(PlateWriter.class);
    /** Rows kept for retry at most; beyond that the oldest is given up (and logged as lost). */
    static final int MAX_PENDING = 1000;
    private static final int JPEG_QUALITY = 90;

    private record Pending(PlateSighting sighting, String cropFile) {
    }

    private final PlateRepository repository;
    private final PlateCropStore crops;
    private final MeterRegistry registry;
    private final Deque<Pending> pending = new ArrayDeque<>();

    public PlateWriter(PlateRepository repository, PlateCropStore crops, MeterRegistry registry) {
        this.repository = repository;
        this.crops = crops;
        this.registry = registry;
    }

    @Override
    public synchronized void store(PlateSighting sighting, Mat plateCrop) {
        String cropFile = null;
        try {
            cropFile = crops.write(sighting.cameraId(), sighting.seenAt(), sighting.utcOffset(), sighting.trackId(),
                    jpeg(plateCrop));
        } catch (IOException | RuntimeException e) {
            registry.counter(Meters.PLATE_CROP_FAILURES, Meters.TAG_CAMERA, sighting.cameraId()).increment();
            LOG.warn("camera {}: crop of plate {} (track {}) not written, storing the plate without it: {}",
                    sighting.cameraId(), sighting.plate().text(), sighting.trackId(), e.toString());
        }
        pending.addLast(new Pending(sighting, cropFile));
        if (pending.size() > MAX_PENDING) {
            Pending lost = pending.removeFirst();
            LOG.error("camera {}: plate {} (track {}, {}) lost: the database has refused {} plates in a row",
                    lost.sighting().cameraId(), lost.sighting().plate().text(), lost.sighting().trackId(),
                    lost.sighting().seenAt(), MAX_PENDING);
        }
        flush();
    }

    /** Stores the rows still waiting; stops at the first failure (kept for the next try). */
    public synchronized void flush() {
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            try {
                repository.add(p.sighting(), p.cropFile());
            } catch (RuntimeException e) {
                registry.counter(Meters.PLATE_STORE_FAILURES, Meters.TAG_CAMERA, p.sighting().cameraId())
                        .increment();
                LOG.warn("{} plate(s) not stored yet, will retry: {}", pending.size(), e.getMessage());
                return;
            }
            pending.removeFirst();
            registry.counter(Meters.PLATE_VOTES, Meters.TAG_CAMERA, p.sighting().cameraId()).increment();
        }
    }

    /** Rows waiting for the database. */
    public synchronized int pending() {
        return pending.size();
    }

    private static byte[] jpeg(Mat image) throws IOException {
        MatOfByte buffer = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY);
        try {
            if (image.empty() || !Imgcodecs.imencode(".jpg", image, buffer, params)) {
                throw new IOException("cannot encode a " + image.cols() + "x" + image.rows() + " crop as JPEG");
            }
            return buffer.toArray();
        } finally {
            buffer.release();
            params.release();
        }
    }
}
