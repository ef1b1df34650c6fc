package vn.wardwatch.disk;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import vn.wardwatch.warning.Warning;

/**
 * Turns the disk guard's state into a {@code disk_low} warning through the ordinary warning machinery (stored, listed
 * by {@code /api/v1/warnings}, pushed): raised when the volume goes low, cleared when it recovers. The warning belongs
 * to camera {@code system}, zone {@code disk}.
 */
public final class DiskWarnings implements DiskGuard.Listener {

    public static final String KIND = "disk_low";
    public static final String CAMERA = "system";
    public static final String ZONE = "disk";

    private final Consumer<Warning> submit;
    private final Clock clock;
    private Warning raised;

    /** @param submit stores and publishes a warning (the warning recorder's submit) */
    public DiskWarnings(Consumer<Warning> submit, Clock clock) {
        this.submit = submit;
        this.clock = clock;
    }

    @Override
    public synchronized void diskLow(Path volume, long freeBytes, long minFreeBytes) {
        if (raised != null) {
            return;
        }
        Instant now = clock.instant();
        raised = new Warning(UUID.randomUUID().toString(), CAMERA, ZONE, KIND, Warning.RAISED, null, now, null, now,
                metrics(volume, freeBytes, minFreeBytes), false);
        submit.accept(raised);
    }

    @Override
    public synchronized void diskRecovered(Path volume, long freeBytes) {
        if (raised == null) {
            return;
        }
        Instant now = clock.instant();
        submit.accept(new Warning(raised.id(), CAMERA, ZONE, KIND, Warning.CLEARED, null, raised.raisedAt(), now, now,
                metrics(volume, freeBytes, (Long) raised.metrics().get("min_free_bytes")), false));
        raised = null;
    }

    private static Map<String, Object> metrics(Path volume, long freeBytes, long minFreeBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", volume.toString());
        m.put("free_bytes", freeBytes);
        m.put("min_free_bytes", minFreeBytes);
        return m;
    }
}
