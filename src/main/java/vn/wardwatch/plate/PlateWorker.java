package vn.wardwatch.plate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.util.DropOldestQueue;
import vn.wardwatch.util.PixelRects;

/**
 * One camera's plate reading, on its own thread so that the OCR never holds up ingest or detection. Crops arrive
 * through a bounded queue that drops the oldest when the reader falls behind (counted in
 * {@link Meters#PLATE_DROPPED}). Crops are pooled per read round, keeping the largest and sharpest
 * ({@link CropQuality}); when a round is complete or its track has ended, the kept crops are read, the reads voted
 * ({@link PlateVoting}) and the winner handed to the {@link PlateSink} with the crop of its best read.
 */
public final class PlateWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlateWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long STOP_WAIT_MILLIS = 30_000;
    /** Margin around the plate box in the stored crop, as a share of the box size. */
    private static final double PLATE_MARGIN = 0.1;

    private final String cameraId;
    private final ZoneId timezone;
    private final PlateReader reader;
    private final PlateSink sink;
    private final int frames;
    private final DropOldestQueue<PlateCandidate> queue;
    private final ConcurrentLinkedQueue<Long> ended = new ConcurrentLinkedQueue<>();
    // Worker thread only.
    private final Map<Long, PlateRound> rounds = new HashMap<>();
    private final Counter readsFound;
    private final Counter readsEmpty;
    private final Counter readsFailed;
    private final Timer readTime;
    private final Thread thread;
    private volatile boolean running;
    private boolean closed;

    public PlateWorker(String cameraId, ZoneId timezone, PlateReader reader, PlateSink sink, int frames,
                       int queueSize, MeterRegistry registry) {
        this.cameraId = cameraId;
        this.timezone = timezone;
        this.reader = reader;
        this.sink = sink;
        this.frames = frames;
        this.queue = new DropOldestQueue<>(queueSize, PlateCandidate::close);
        Tags tags = Tags.of(Meters.TAG_CAMERA, cameraId);
        this.readsFound = registry.counter(Meters.PLATE_READS, tags.and(Meters.TAG_RESULT, "plate"));
        this.readsEmpty = registry.counter(Meters.PLATE_READS, tags.and(Meters.TAG_RESULT, "none"));
        this.readsFailed = registry.counter(Meters.PLATE_READS, tags.and(Meters.TAG_RESULT, "error"));
        this.readTime = Timer.builder(Meters.PLATE_READ_TIME).tags(tags).publishPercentiles(0.5, 0.95)
                .distributionStatisticExpiry(Duration.ofMinutes(5)).register(registry);
        registry.more().counter(Meters.PLATE_DROPPED, tags, queue, DropOldestQueue::drops);
        registry.gauge(Meters.PLATE_QUEUE_DEPTH, tags, queue, DropOldestQueue::size);
        this.thread = new Thread(this::loop, "plates-" + cameraId);
        this.thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Hands a crop over; never blocks. The worker owns it from here. */
    public void submit(PlateCandidate candidate) {
        queue.offer(candidate);
    }

    /** Tracks the tracker removed: their open rounds are read now. Call after submitting their last crops. */
    public void tracksEnded(List<Long> trackIds) {
        ended.addAll(trackIds);
    }

    /** Crops dropped because the reader fell behind, since start. */
    public long drops() {
        return queue.drops();
    }

    private void loop() {
        try {
            while (running) {
                step(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Stopping: what was collected is still read and stored.
        pool(Duration.ZERO);
        new ArrayList<>(rounds.values()).forEach(this::finish);
        rounds.clear();
    }

    private void step(Duration wait) throws InterruptedException {
        // Ended ids first: their tracks' crops were submitted before them, so they are pooled below.
        List<Long> endedNow = new ArrayList<>();
        for (Long id = ended.poll(); id != null; id = ended.poll()) {
            endedNow.add(id);
        }
        PlateCandidate first = queue.poll(wait);
        if (first != null) {
            add(first);
            pool(Duration.ZERO);
        }
        for (Long id : endedNow) {
            PlateRound round = rounds.remove(id);
            if (round != null) {
                finish(round);
            }
        }
    }

    /** Pools every crop waiting now. */
    private void pool(Duration wait) {
        try {
            for (PlateCandidate c = queue.poll(wait); c != null; c = queue.poll(Duration.ZERO)) {
                add(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void add(PlateCandidate candidate) {
        PlateRound round = rounds.get(candidate.trackId());
        if (round != null && round.round() != candidate.round()) {
            // The round's last crop was dropped; a newer round of the track has begun.
            rounds.remove(candidate.trackId());
            finish(round);
            round = null;
        }
        if (round == null) {
            round = new PlateRound(candidate.trackId(), candidate.round(), frames);
            rounds.put(candidate.trackId(), round);
        }
        round.add(candidate, CropQuality.score(candidate.crop(), candidate.vehicle()));
        if (candidate.last()) {
            rounds.remove(candidate.trackId());
            finish(round);
        }
    }

    /** Reads the round's best crops, votes, stores the winner; releases the round. */
    private void finish(PlateRound round) {
        try (round) {
            List<PlateRead> reads = new ArrayList<>();
            List<PlateCandidate> readFrom = new ArrayList<>();
            for (PlateCandidate c : round.best()) {
                long t0 = System.nanoTime();
                try {
                    List<PlateRead> plates = reader.read(c.crop(), c.vehicle());
                    if (plates.isEmpty()) {
                        readsEmpty.increment();
                    } else {
                        readsFound.increment();
                        reads.add(plates.get(0));
                        readFrom.add(c);
                    }
                } catch (RuntimeException e) {
                    readsFailed.increment();
                    LOG.warn("camera {}: plate read of track {} failed: {}", cameraId, round.trackId(), e.toString());
                } finally {
                    readTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                }
            }
            PlateVoting.vote(reads).ifPresent(result -> {
                PlateCandidate best = readFrom.get(result.bestRead());
                PlateSighting sighting = new PlateSighting(cameraId, best.wallTime(),
                        timezone.getRules().getOffset(best.wallTime()), round.trackId(), round.reason(),
                        result.vote());
                Mat plate = plateCrop(best.crop(), reads.get(result.bestRead()).box());
                try {
                    sink.store(sighting, plate);
                } catch (RuntimeException e) {
                    LOG.warn("camera {}: plate {} of track {} was not stored: {}", cameraId, result.vote().text(),
                            round.trackId(), e.toString());
                } finally {
                    plate.release();
                }
            });
        }
    }

    /** The plate with a small margin, or the whole vehicle crop when the reader gave no usable box. */
    static Mat plateCrop(Mat crop, BoundingBox plate) {
        if (plate == null || plate.width() < 1 || plate.height() < 1) {
            return crop.clone();
        }
        Rect r = PixelRects.enclosing(plate.grown(PLATE_MARGIN), crop.cols(), crop.rows());
        if (r.width < 1 || r.height < 1) {
            return crop.clone();
        }
        Mat region = crop.submat(r);
        Mat out = region.clone();
        region.release();
        return out;
    }

    /**
     * Stops taking crops, reads and stores the rounds collected so far, then closes the reader. Waits up to 30 s;
     * a reader still busy after that is left open rather than closed under its own feet.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        if (thread.isAlive()) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            // Never started (or already done): nothing reads, so the collected rounds are dropped.
            queue.clear();
        }
        if (thread.isAlive()) {
            LOG.warn("camera {}: plate reader still busy after {} ms; left running", cameraId, STOP_WAIT_MILLIS);
            return;
        }
        queue.clear();
        reader.close();
    }
}
