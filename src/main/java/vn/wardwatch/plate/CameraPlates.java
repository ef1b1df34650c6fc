package vn.wardwatch.plate;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.track.Track;

/**
 * Plate reading of one camera: {@link PlateTrigger} picks tracks and frames on the analysis thread, which only cuts
 * the padded vehicle crops; the {@link PlateWorker} reads, votes and stores on its own thread.
 */
public final class CameraPlates implements AutoCloseable {

    private final PlateTrigger trigger;
    private final PlateWorker worker;

    /** Takes ownership of the reader (closed with this). */
    public CameraPlates(CameraConfig camera, PlateReader reader, PlateSink sink, MeterRegistry registry) {
        PlateConfig config = camera.plates();
        this.trigger = new PlateTrigger(camera.id(), config);
        this.worker = new PlateWorker(camera.id(), camera.timezone(), reader, sink, config.frames(),
                config.queueSize(), registry);
    }

    public void start() {
        worker.start();
    }

    /**
     * One analysed frame (analysis thread): hands the crops this frame owes to the worker. Costs a few small copies,
     * never a read.
     *
     * @param removedIds the tracks the tracker removed with this frame
     */
    public void onFrame(Mat image, List<Track> tracks, List<Long> removedIds, long streamMillis, Instant wallTime) {
        for (PlateTrigger.Offer offer : trigger.update(tracks, removedIds, streamMillis, wallTime)) {
            PlateCandidate candidate = PlateCandidate.cut(image, offer.track().box(), offer.track().id(),
                    offer.round(), offer.reason(), offer.last(), streamMillis, wallTime);
            if (candidate != null) {
                worker.submit(candidate);
            }
        }
        if (!removedIds.isEmpty()) {
            worker.tracksEnded(removedIds);
        }
    }

    /**
     * Reads the plate of a live track for a violation rule; safe from any thread. The track is read on its next
     * frames and its plate stored with {@code reason}.
     *
     * @param reason e.g. {@code red_light}: 1 to 32 characters of a-z, 0-9 and _
     * @throws IllegalArgumentException for any other reason text
     */
    public void requestRead(long trackId, String reason) {
        trigger.request(trackId, reason);
    }

    /** Crops dropped because the reader fell behind. */
    public long drops() {
        return worker.drops();
    }

    /** Stops the worker after reading what it has collected, and closes the reader. */
    @Override
    public void close() {
        worker.close();
    }
}
