package vn.wardwatch.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.evidence.EvidenceWriteException;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.warning.Warning;
import vn.wardwatch.warning.WarningSnapshots;

/** The disk guard with a played free-space reading: thresholds, hysteresis, what stops and what is refused. */
class DiskGuardTest {

    private static final long MIN_FREE = 2_000;
    private static final long RESERVE = 500;

    @TempDir
    Path dir;
    private final AtomicLong free = new AtomicLong(10_000);
    private final List<String> events = new ArrayList<>();

    private DiskGuard guard() {
        DiskGuard guard = new DiskGuard(dir, MIN_FREE, RESERVE, path -> free.get());
        guard.addListener(new DiskGuard.Listener() {
            @Override
            public void diskLow(Path volume, long freeBytes, long minFreeBytes) {
                events.add("low " + freeBytes);
            }

            @Override
            public void diskRecovered(Path volume, long freeBytes) {
                events.add("recovered " + freeBytes);
            }
        });
        return guard;
    }

    @Test
    void mediaStopsBelowMinFreeAndResumesOnlyTenPercentAboveIt() throws Exception {
        DiskGuard guard = guard();
        assertFalse(guard.check());
        guard.checkMediaWrite("a crop");
        free.set(1_999);
        assertTrue(guard.check());
        assertTrue(guard.check());
        assertEquals(List.of("low 1999"), events, "told once");
        MediaSkippedException skipped = assertThrows(MediaSkippedException.class,
                () -> guard.checkMediaWrite("plate crop of camera cam-1 track 7"));
        assertEquals("disk low: plate crop of camera cam-1 track 7 not written (1999 bytes free on " + dir
                + ", below storage.min_free_gb = 2000 bytes)", skipped.getMessage());
        free.set(2_100);
        assertTrue(guard.check(), "above min free but inside the 10% band: still low");
        free.set(2_200);
        assertFalse(guard.check());
        assertEquals(List.of("low 1999", "recovered 2200"), events);
        guard.checkMediaWrite("a crop");
    }

    @Test
    void evidenceContinuesWhileLowAndIsRefusedBelowTheReserveNamingThePathAndFreeBytes() throws Exception {
        DiskGuard guard = guard();
        free.set(1_000);
        assertTrue(guard.check());
        Path target = dir.resolve("evidence/cam-1/2026-11-22/V1");
        guard.checkEvidenceWrite(target);
        free.set(499);
        EvidenceWriteException e = assertThrows(EvidenceWriteException.class, () -> guard.checkEvidenceWrite(target));
        assertEquals("evidence not written to " + target + ": only 499 bytes free on its volume, below"
                + " storage.evidence_reserve_gb (500 bytes)", e.getMessage());
    }

    @Test
    void cropsAndSnapshotsAreSkippedWhileLow() throws Exception {
        DiskGuard guard = guard();
        PlateCropStore crops = new PlateCropStore(dir);
        crops.guardSpace(guard);
        WarningSnapshots snapshots = new WarningSnapshots(dir);
        snapshots.guardSpace(guard);
        Instant at = Instant.parse("2026-11-22T03:00:00Z");
        Warning w = new Warning("w1", "cam-1", "z", Warning.CROWD, Warning.RAISED, null, at, null, at, Map.of(), true);
        guard.check();
        assertTrue(crops.write("cam-1", at, ZoneOffset.ofHours(7), 7, new byte[] {1}).startsWith("plates/cam-1/"));
        free.set(100);
        guard.check();
        assertThrows(MediaSkippedException.class, () -> crops.write("cam-1", at, ZoneOffset.ofHours(7), 8,
                new byte[] {1}));
        assertThrows(MediaSkippedException.class, () -> snapshots.write(w, ZoneOffset.ofHours(7), new byte[] {1}));
        try (var files = Files.walk(dir)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "only the crop from before");
        }
    }

    @Test
    void theDiskLowWarningIsRaisedAndClearedUnderOneId() {
        List<Warning> warnings = new ArrayList<>();
        DiskGuard guard = guard();
        guard.addListener(new DiskWarnings(warnings::add, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        free.set(1_000);
        guard.check();
        guard.check();
        free.set(5_000);
        guard.check();
        assertEquals(2, warnings.size());
        Warning raised = warnings.get(0);
        Warning cleared = warnings.get(1);
        assertEquals(List.of(DiskWarnings.KIND, Warning.RAISED, 1_000L), List.of(raised.kind(), raised.state(),
                raised.metrics().get("free_bytes")));
        assertEquals(List.of(raised.id(), Warning.CLEARED, 5_000L), List.of(cleared.id(), cleared.state(),
                cleared.metrics().get("free_bytes")));
        assertFalse(cleared.active());
    }
}
