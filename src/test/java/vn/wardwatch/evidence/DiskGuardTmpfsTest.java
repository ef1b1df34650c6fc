package vn.wardwatch.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.disk.DiskGuard;
import vn.wardwatch.disk.DiskWarnings;
import vn.wardwatch.disk.FreeSpace;
import vn.wardwatch.disk.MediaSkippedException;
import vn.wardwatch.ingest.Backoff;
import vn.wardwatch.recording.SegmentRecorder;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.testsupport.TestClip;
import vn.wardwatch.warning.Warning;

/**
 * The disk guard on a real, small volume: an 8 MiB tmpfs (the tests run as root on Linux; skipped where mount is not
 * allowed), a real recorder writing into it, real evidence packages, and a file that fills it.
 */
class DiskGuardTmpfsTest {

    private static final long MIB = 1L << 20;

    @TempDir
    static Path dir;
    static Path volume;
    static boolean mounted;

    @BeforeAll
    static void mount() throws Exception {
        volume = Files.createDirectories(dir.resolve("vol"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", volume.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here: " + out);
    }

    @AfterAll
    static void umount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", volume.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFillingVolumePausesRecordingRaisesTheWarningSkipsCropsThenRefusesEvidenceAndNeverTouchesStoredEvidence()
            throws Exception {
        DiskGuard guard = new DiskGuard(volume, 4 * MIB, 2 * MIB, FreeSpace.REAL);
        EvidencePackageWriter writer = new EvidencePackageWriter(volume.resolve("evidence"),
                new ManifestSigner(ManifestSigner.generate().getPrivate()));
        writer.guardSpace(guard);
        PlateCropStore crops = new PlateCropStore(volume);
        crops.guardSpace(guard);
        List<Warning> warnings = new CopyOnWriteArrayList<>();
        guard.addListener(new DiskWarnings(warnings::add, Clock.systemUTC()));

        writer.write(EvidenceManifestTest.sample("V1"), List.of(EvidenceFile.bytes("plate.txt", new byte[] {1, 2})));
        TestClip clip = TestClip.generate(dir, 6);
        try (Database database = Database.open(dir.resolve("db/wardwatch"));
             RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()))) {
            SegmentRecorder recorder = new SegmentRecorder("cam1",
                    new SourceConfig(server.url("cam"), server.url("cam"), false, 2),
                    new RecordingConfig(RecordingConfig.Mode.ALWAYS, 2, RecordingConfig.Format.TS, 7, 1, 0, 0),
                    volume.resolve("recordings"), new JdbcRecordingRepository(database), "ffmpeg", "ffprobe",
                    new Backoff(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMinutes(1), new Random(1)),
                    Clock.systemUTC());
            guard.addListener(new DiskGuard.Listener() {
                @Override
                public void diskLow(Path v, long freeBytes, long minFreeBytes) {
                    recorder.pause("disk low");
                }

                @Override
                public void diskRecovered(Path v, long freeBytes) {
                    recorder.resume();
                }
            });
            recorder.start();
            try {
                assertFalse(guard.check());
                Await.until(Duration.ofSeconds(30), "a recorded segment", () -> recorder.segmentsWritten() >= 1);
                Map<String, String> evidenceBefore = hashes(volume.resolve("evidence"));

                // Down to ~3 MiB free: between the evidence reserve and min free.
                fill(volume.resolve("fill-1"), usable() - 3 * MIB);
                assertTrue(guard.check());
                Await.until(Duration.ofSeconds(20), "ffmpeg stopped by the pause",
                        () -> recorder.paused() && recorder.process() == null, recorder::runsEnded);
                assertEquals(1, warnings.size());
                assertEquals(List.of(DiskWarnings.KIND, Warning.RAISED), List.of(warnings.get(0).kind(),
                        warnings.get(0).state()));
                assertThrows(MediaSkippedException.class, () -> crops.write("cam1", Instant.now(), ZoneOffset.UTC, 1,
                        new byte[] {1}));
                // Evidence keeps being written while media is stopped.
                writer.write(EvidenceManifestTest.sample("V2"), List.of(EvidenceFile.bytes("plate.txt",
                        new byte[] {3})));

                // Below the evidence reserve: refused, naming the path and the free bytes; nothing left behind.
                fill(volume.resolve("fill-2"), usable() - MIB);
                EvidenceWriteException refused = assertThrows(EvidenceWriteException.class,
                        () -> writer.write(EvidenceManifestTest.sample("V3"), List.of(EvidenceFile.bytes("plate.txt",
                                new byte[] {4}))));
                assertTrue(refused.getMessage().contains(volume.resolve("evidence").toString())
                        && refused.getMessage().contains("bytes free"), refused.getMessage());
                try (Stream<Path> all = Files.walk(volume.resolve("evidence"))) {
                    assertTrue(all.noneMatch(f -> f.getFileName().toString().contains("V3")));
                }
                // Stored evidence is untouched: every file of V1 still has its hash.
                Map<String, String> evidenceAfter = hashes(volume.resolve("evidence"));
                evidenceBefore.forEach((file, hash) -> assertEquals(hash, evidenceAfter.get(file), file));

                // Space comes back: the warning clears under the same id and recording resumes.
                Files.delete(volume.resolve("fill-1"));
                Files.delete(volume.resolve("fill-2"));
                assertFalse(guard.check());
                assertEquals(List.of(warnings.get(0).id(), Warning.CLEARED), List.of(warnings.get(1).id(),
                        warnings.get(1).state()));
                long before = recorder.segmentsWritten();
                Await.until(Duration.ofSeconds(30), "recording again", () -> recorder.segmentsWritten() > before);
            } finally {
                recorder.stop();
            }
        }
    }

    private static long usable() throws IOException {
        return Files.getFileStore(volume).getUsableSpace();
    }

    /** Writes real bytes (a sparse file would take no space on tmpfs). */
    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long left = bytes;
            while (left > 0) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                left -= out.write(chunk);
            }
        }
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
