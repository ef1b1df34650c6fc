package vn.wardwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.app.ServeCommand;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.EvidenceWriteException;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.pipeline.ViolationRecorder;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.auth.Role;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TestUsers;
import vn.wardwatch.testsupport.RtspTestServer;
import vn.wardwatch.util.OpenCv;

/**
 * The storage under a running system stops taking writes, then takes them again. Mounts need root (tests run as
 * root here); where mounting is not permitted the test is skipped, not failed. Every mount is undone afterwards.
 */
class StorageUnwritableFaultTest {

    private static final Path SAMPLE = Path.of("samples/street.h264");

    @TempDir
    Path dir;
    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        // Newest first; lazy, so a file still open somewhere cannot keep the mount behind.
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Faults.run("umount", "-l", mounts.get(i).toString());
        }
    }

    /** (a) The evidence directory becomes read-only while the recorder runs, then writable again. */
    @Test
    void readOnlyEvidenceDirFailsEachWriteNamingThePathStoresNoRowAndRecoversWhenWritable() throws Exception {
        OpenCv.load();
        Path evidence = Files.createDirectories(dir.resolve("evidence"));
        // A bind mount of the directory onto itself can be flipped read-only and back without touching the rest.
        mount("--bind", evidence.toString(), evidence.toString());
        var pair = ManifestSigner.generate();
        EvidenceVerifier verifier = new EvidenceVerifier(pair.getPublic());
        MeterRegistry registry = new SimpleMeterRegistry();
        List<StoredViolation> announced = new CopyOnWriteArrayList<>();
        try (Database db = Database.open(dir.resolve("db/wardwatch"))) {
            JdbcViolationRepository repository = new JdbcViolationRepository(db);
            ViolationRecorder recorder = FaultScene.recorder(evidence, new ManifestSigner(pair.getPrivate()),
                    repository, announced::add, registry);
            try {
                StoredViolation before = recorder.record(FaultScene.job(0));

                assertEquals(0, Faults.run("mount", "-o", "remount,ro,bind", evidence.toString()));
                // Through the queue, as the cameras hand violations over: failed, counted, logged.
                assertTrue(recorder.submit(FaultScene.job(1)));
                Await.until(Duration.ofSeconds(30), "the queued write counted as failed",
                        () -> registry.counter(Meters.EVIDENCE_FAILURES, Meters.TAG_CAMERA, "cam").count() >= 1);
                // And directly, to read the error an operator reads in the log.
                EvidenceWriteException e = assertThrows(EvidenceWriteException.class,
                        () -> recorder.record(FaultScene.job(2)));
                assertTrue(e.getMessage().contains(evidence.toString()), "names the path: " + e.getMessage());
                assertTrue(e.getMessage().contains("Read-only file system"), "says why: " + e.getMessage());
                assertEquals(List.of(before.id()), ids(repository), "no row without its package");
                assertEquals(List.of(before), announced, "nothing announced that was not stored");
                assertTrue(verifier.verify(evidence.resolve(before.packageDir())).ok(),
                        "the stored one still verifies");

                assertEquals(0, Faults.run("mount", "-o", "remount,rw,bind", evidence.toString()));
                StoredViolation after = recorder.record(FaultScene.job(3));
                assertTrue(verifier.verify(evidence.resolve(after.packageDir())).ok());
                assertTrue(verifier.verify(evidence.resolve(before.packageDir())).ok());
                assertEquals(List.of(after.id(), before.id()), ids(repository));
                System.out.printf("StorageUnwritableFaultTest (a) evidence read-only: %s%n", e.getMessage());
            } finally {
                recorder.close();
            }
        }
    }

    /**
     * (b) The filesystem holding the database stops taking writes while the whole system runs (one live camera,
     * the detector, the API). A read-only remount is refused while H2 holds its file open for writing (EBUSY), as it
     * always does; so the filesystem is filled instead, which fails every write the same way.
     */
    @Test
    void fullDatabaseDiskFailsWritesClearlyKeepsThePipelineAndHealthAnsweringAndResumes() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SAMPLE), SAMPLE + " is missing (./scripts/make-sample.sh)");
        Path data = Files.createDirectories(dir.resolve("data"));
        mount("-t", "tmpfs", "-o", "size=24m", "tmpfs", data.toString());
        Path evidence = dir.resolve("evidence"); // on the big disk: only the database's disk fills
        try (RtspTestServer server = RtspTestServer.start(Map.of("cam", SAMPLE))) {
            AppConfig app = ConfigLoader.parse("api: {host: \"127.0.0.1\", port: 0}\n"
                    + "storage: {data_dir: \"" + data + "\"}\n"
                    + "evidence: {dir: \"" + evidence + "\"}\n"
                    + "detector: {threads: 1}\n"
                    + "cameras:\n"
                    + "  cam_live:\n"
                    + "    source: {url: \"" + server.url("cam") + "\", stall_timeout_seconds: 3}\n"
                    + "    detect: {width: 320, height: 240, fps: 5}\n", "fault test config", Map.of());
            try (ServeCommand.WardWatch running = ServeCommand.WardWatch.start(app)) {
                String base = "http://127.0.0.1:" + running.apiPort();
                String officer = new TestUsers(running.users()).token(Role.OFFICER);
                Await.until(Duration.ofSeconds(60), "camera online and analysing",
                        () -> running.pipelines().get(0).state().equals("online") && analysed(running) > 5);
                StoredViolation before = running.recorder().record(FaultScene.job(0));
                Map<String, Long> rowsBefore = rowCounts(app);
                assertEquals(200, status(base + "/health"));

                long filled = fill(data.resolve("filler"));
                // A violation through the queue, as the cameras hand them over: failed, counted, logged.
                assertTrue(running.recorder().submit(FaultScene.job(1)));
                Await.until(Duration.ofSeconds(30), "the queued violation counted as failed",
                        () -> running.metrics().counter(Meters.EVIDENCE_FAILURES, Meters.TAG_CAMERA, "cam").count()
                                >= 1);
                // And directly, for the error an operator reads in the log.
                EvidenceWriteException e = assertThrows(EvidenceWriteException.class,
                        () -> running.recorder().record(FaultScene.job(2)));
                assertTrue(e.getMessage().contains("could not be stored"), e.getMessage());
                long analysedDuringFault = analysed(running);
                Await.until(Duration.ofSeconds(20), "frames still analysed while the database is full",
                        () -> analysed(running) > analysedDuringFault + 10);
                assertEquals("online", running.pipelines().get(0).state());
                // Answers, quickly: reads still work (200), or the service says it is unavailable (503), not broken.
                int healthDuring = status(base + "/health");
                assertTrue(healthDuring == 200 || healthDuring == 503, "/health answered " + healthDuring);
                int readDuring = status(base + "/api/v1/violations", officer);
                // Never a 500, never a hang.
                assertTrue(readDuring == 200 || readDuring == 503, "a read route answered " + readDuring);
                System.out.printf("StorageUnwritableFaultTest (b) database disk full (%d bytes of filler):"
                        + " /health %d, GET /api/v1/violations %d; %s%n", filled, healthDuring, readDuring,
                        e.getMessage());

                Files.delete(data.resolve("filler"));
                // Writes resume: the next violation is stored with its row; nothing stored before is lost.
                StoredViolation after = running.recorder().record(FaultScene.job(3));
                assertEquals(200, status(base + "/health"));
                assertEquals(200, status(base + "/api/v1/violations", officer), "reads again");
                Map<String, Long> rowsAfter = rowCounts(app);
                assertEquals(rowsBefore.get("violation") + 1, rowsAfter.get("violation"), rowsAfter.toString());
                rowsBefore.forEach((table, n) -> assertTrue(rowsAfter.get(table) >= n,
                        table + ": " + n + " before, " + rowsAfter.get(table) + " after"));
                try (Database db = Database.open(app.storage().databaseFile())) {
                    List<String> ids = ids(new JdbcViolationRepository(db));
                    assertTrue(ids.contains(before.id()) && ids.contains(after.id()), ids.toString());
                }
            }
        }
    }

    private void mount(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        int rc = Faults.run(command.toArray(String[]::new));
        Assumptions.assumeTrue(rc == 0, "mount not permitted here (" + command + " exited " + rc + ")");
        mounts.add(Path.of(args[args.length - 1]));
    }

    /** Writes until the filesystem is full; returns the bytes written. */
    private static long fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 16];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return written;
    }

    private static long analysed(ServeCommand.WardWatch running) {
        return (long) running.metrics().counter(Meters.FRAMES_ANALYSED, Meters.TAG_CAMERA, "cam_live").count();
    }

    /** The status code, or fails if there is no answer within 10 s (a hang). */
    private static int status(String url) throws Exception {
        return status(url, null);
    }

    private static int status(String url, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", TestUsers.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Rows per table, through a pool of its own that is closed again (the running system keeps its own). */
    private static Map<String, Long> rowCounts(AppConfig app) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Database db = Database.open(app.storage().databaseFile()); Connection c = db.connection();
             Statement s = c.createStatement()) {
            for (String table : List.of("violation", "camera_state_change", "count_minute")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static List<String> ids(JdbcViolationRepository repository) {
        return FaultScene.all(repository).stream().map(StoredViolation::id).toList();
    }
}
