package vn.wardwatch.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.evidence.EvidenceWriteException;

/**
 * Keeps the data volume from filling up (issue 8), in two steps:
 * <ol>
 *   <li>below {@code storage.min_free_gb}: non-evidence media stops first (listeners pause the recorders; plate crops
 *       and warning snapshots are skipped through {@link #checkMediaWrite}) and listeners raise a {@code disk_low}
 *       warning. It clears once free space is back 10% above the threshold, so a disk hovering at the line does not
 *       flap.</li>
 *   <li>below {@code storage.evidence_reserve_gb}: a new evidence package is refused ({@link #checkEvidenceWrite}),
 *       with an error naming the path and the free bytes; the violation row is then not written either.</li>
 * </ol>
 * The guard deletes nothing: stored evidence is never touched. Free space is read every 5 s and before each
 * evidence write.
 */
public final class DiskGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);
    public static final Duration CHECK_PERIOD = Duration.ofSeconds(5);
    /** Free space must be this much above min_free (relative) before the low state clears. */
    static final double HYSTERESIS = 0.10;

    /** Told when the volume goes low and when it recovers; called on the checking thread. */
    public interface Listener {
        void diskLow(Path volume, long freeBytes, long minFreeBytes);

        void diskRecovered(Path volume, long freeBytes);
    }

    /** A listener that pauses something (recording) while the disk is low, saying why, and resumes it after. */
    public static Listener pausing(Consumer<String> pause, Runnable resume) {
        return new Listener() {
            @Override
            public void diskLow(Path volume, long freeBytes, long minFreeBytes) {
                pause.accept("disk low (" + freeBytes + " bytes free on " + volume + ")");
            }

            @Override
            public void diskRecovered(Path volume, long freeBytes) {
                resume.run();
            }
        };
    }

    private final Path volume;
    private final long minFreeBytes;
    private final long evidenceReserveBytes;
    private final FreeSpace freeSpace;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean low;
    private volatile long lastFree = -1;
    private ScheduledExecutorService executor;

    /** @param volume a path on the data volume (the data directory) */
    public DiskGuard(Path volume, long minFreeBytes, long evidenceReserveBytes, FreeSpace freeSpace) {
        if (evidenceReserveBytes >= minFreeBytes) {
            throw new IllegalArgumentException("the evidence reserve (" + evidenceReserveBytes
                    + " bytes) must be below min free (" + minFreeBytes + " bytes)");
        }
        this.volume = volume.toAbsolutePath().normalize();
        this.minFreeBytes = minFreeBytes;
        this.evidenceReserveBytes = evidenceReserveBytes;
        this.freeSpace = freeSpace;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Checks every {@link #CHECK_PERIOD} on its own thread, starting now. */
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "disk-guard");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.error("disk guard check of {} failed: {}", volume, e.toString());
            }
        }, 0, CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads free space and moves between normal and low, telling the listeners on a change.
     *
     * @return whether the volume is low now
     */
    public synchronized boolean check() {
        long free;
        try {
            free = read(volume);
        } catch (IOException e) {
            // Unknown free space keeps the last state; the evidence check reads again and fails on its own.
            LOG.error("disk guard: cannot read free space of {}: {}", volume, e.getMessage());
            return low;
        }
        if (!low && free < minFreeBytes) {
            low = true;
            LOG.error("disk low: {} bytes free on {}, below storage.min_free_gb ({} bytes): recording, plate crops and"
                    + " warning snapshots stop; evidence continues until {} bytes are left", free, volume,
                    minFreeBytes, evidenceReserveBytes);
            for (Listener l : listeners) {
                try {
                    l.diskLow(volume, free, minFreeBytes);
                } catch (RuntimeException e) {
                    LOG.error("disk guard listener failed: {}", e.toString());
                }
            }
        } else if (low && free >= recoverBytes()) {
            low = false;
            LOG.warn("disk space back: {} bytes free on {}; recording, plate crops and snapshots resume", free, volume);
            for (Listener l : listeners) {
                try {
                    l.diskRecovered(volume, free);
                } catch (RuntimeException e) {
                    LOG.error("disk guard listener failed: {}", e.toString());
                }
            }
        }
        return low;
    }

    /** Whether non-evidence media is stopped now (as of the last check). */
    public boolean low() {
        return low;
    }

    /** Free bytes at the last reading (-1 before the first). */
    public long lastFreeBytes() {
        return lastFree;
    }

    long recoverBytes() {
        return (long) (minFreeBytes * (1 + HYSTERESIS));
    }

    /**
     * Before writing a non-evidence media file.
     *
     * @param what names the file for the message ({@code plate crop of track 12})
     * @throws MediaSkippedException while the volume is low
     */
    public void checkMediaWrite(String what) throws MediaSkippedException {
        if (low) {
            throw new MediaSkippedException("disk low: " + what + " not written (" + lastFree + " bytes free on "
                    + volume + ", below storage.min_free_gb = " + minFreeBytes + " bytes)");
        }
    }

    /**
     * Before writing an evidence package under {@code target}: reads free space now.
     *
     * @throws EvidenceWriteException when free space is below the evidence reserve or cannot be read
     */
    public void checkEvidenceWrite(Path target) throws EvidenceWriteException {
        long free;
        try {
            free = read(target);
        } catch (IOException e) {
            throw new EvidenceWriteException("cannot read free space for evidence at " + target + ": "
                    + e.getMessage(), e);
        }
        if (free < evidenceReserveBytes) {
            throw new EvidenceWriteException("evidence not written to " + target + ": only " + free + " bytes free on"
                    + " its volume, below storage.evidence_reserve_gb (" + evidenceReserveBytes + " bytes)", null);
        }
    }

    private long read(Path path) throws IOException {
        Path at = path.toAbsolutePath();
        // A directory may not exist yet (first start, a new day's folder): ask its nearest existing parent.
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        long free = freeSpace.usableBytes(at == null ? path : at);
        lastFree = free;
        return free;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
