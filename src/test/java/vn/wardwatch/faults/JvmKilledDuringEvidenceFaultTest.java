package vn.wardwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.evidence.EvidenceKeys;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.VerificationResult;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;

/**
 * A separate JVM writes violations through the real recorder (signed packages, ffmpeg clips, H2 rows) and is
 * SIGKILLed mid-write, three times, at three different moments; after each kill the data directory is opened as
 * serve opens it (startup recovery, then the database). Nothing partial may be listed, every committed row must be
 * there and its package must verify.
 */
class JvmKilledDuringEvidenceFaultTest {

    /** Where in the write of a violation the JVM dies. */
    enum KillPoint {
        /** Just after a commit: the next job is being drawn (nothing of it on disk yet). */
        NEXT_JOB_STARTED,
        /** While ffmpeg encodes the clip (a temporary file outside the evidence tree). */
        CLIP_BEING_ENCODED,
        /** While the package's files are written into its temporary directory beside the target. */
        PACKAGE_BEING_WRITTEN
    }

    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;
    private Process child;
    private final List<ProcessHandle> grandchildren = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        if (child != null) {
            child.destroyForcibly();
        }
        grandchildren.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aKilledWriterLeavesOnlyCompleteVerifiablePackagesAndRecoverySetsTheTemporaryOnesAside() throws Exception {
        Path data = dir.resolve("data");
        Path evidence = data.resolve("evidence");
        Set<String> committed = new TreeSet<>();
        int next = 0;
        for (KillPoint point : KillPoint.values()) {
            long roundStart = System.nanoTime();
            LinkedBlockingQueue<String> lines = startChild(data, next);
            awaitLine(lines, "READY");
            String lastWriting = awaitLine(lines, "WRITING");
            String id = awaitLine(lines, "COMMITTED");
            committed.add(id.substring("COMMITTED ".length()));
            lastWriting = awaitLine(lines, "WRITING"); // the next job has started
            switch (point) {
                case NEXT_JOB_STARTED -> { }
                case CLIP_BEING_ENCODED -> grandchildren.add(spinUntil("the clip's ffmpeg",
                        () -> child.descendants().filter(p -> p.info().commandLine().orElse("")
                                .contains("image2pipe")).findFirst()));
                case PACKAGE_BEING_WRITTEN -> spinUntil("a temporary package directory",
                        () -> temporaryDirs(evidence).stream().findFirst());
            }
            long killAt = System.nanoTime();
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            grandchildren.forEach(ProcessHandle::destroyForcibly);
            // Whatever the child printed before it died counts as committed.
            for (String line; (line = lines.poll()) != null; ) {
                if (line.startsWith("COMMITTED ")) {
                    committed.add(line.substring("COMMITTED ".length()));
                } else if (line.startsWith("WRITING ")) {
                    lastWriting = line;
                }
            }
            next = Integer.parseInt(lastWriting.substring("WRITING ".length())) + 1;
            List<Path> leftBehind = temporaryDirs(evidence);

            // Restart: what serve does before writing (the same call), then the database.
            EvidenceKeys keys = EvidenceKeys.loadOrCreate(data.resolve("keys/evidence-signing.key"),
                    data.resolve("keys/evidence-signing.pub"));
            List<Path> moved = new EvidencePackageWriter(evidence, keys.signer()).recoverAtStartup();
            assertEquals(leftBehind.size(), moved.size(), "every temporary directory set aside: " + moved);
            assertEquals(List.of(), temporaryDirs(evidence), "nothing partial left in the evidence tree");
            Path incomplete = evidence.resolve(EvidencePackageWriter.INCOMPLETE);
            moved.forEach(m -> assertTrue(m.startsWith(incomplete), m.toString()));
            assertEquals(List.of(), list(evidence.resolve(EvidencePackageWriter.WORK)), "no clip left half-encoded");
            if (point == KillPoint.PACKAGE_BEING_WRITTEN) {
                assertTrue(moved.size() >= 1, "killed while a temporary package directory existed");
            }
            EvidenceVerifier verifier = new EvidenceVerifier(keys.publicKey());
            try (Database db = Database.open(data.resolve("wardwatch"))) {
                List<StoredViolation> rows = FaultScene.all(new JdbcViolationRepository(db));
                Set<String> ids = new TreeSet<>(rows.stream().map(StoredViolation::id).toList());
                assertTrue(ids.containsAll(committed), "committed before the kill but missing after it: "
                        + committed.stream().filter(c -> !ids.contains(c)).toList());
                for (StoredViolation row : rows) {
                    VerificationResult r = verifier.verify(evidence.resolve(row.packageDir()));
                    assertTrue(r.ok(), row.id() + ": " + r.problems());
                }
                // Packages on disk without a row (killed between the rename and the insert) are complete too.
                List<Path> packages = packageDirs(evidence);
                List<Path> unindexed = packages.stream().filter(p -> !ids.contains(p.getFileName().toString()))
                        .toList();
                for (Path p : unindexed) {
                    assertTrue(verifier.verify(p).ok(), p.toString());
                }
                System.out.printf("JvmKilledDuringEvidenceFaultTest %s: killed %d ms into the round, recovery and"
                                + " checks %d ms; %d row(s), %d committed seen, %d temporary"
                                + " dir(s) set aside, %d package(s) without a row, %d ffmpeg log(s) left in %s%n",
                        point, (killAt - roundStart) / 1_000_000, (System.nanoTime() - killAt) / 1_000_000,
                        rows.size(), committed.size(), moved.size(), unindexed.size(), clipLogs(),
                        dir.resolve("tmp"));
            }
        }
    }

    /** Starts the writer JVM, violations numbered from {@code first}; returns its stdout lines as they come. */
    private LinkedBlockingQueue<String> startChild(Path data, int first) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), EvidenceWriterMain.class.getName(), data.toString(),
                Integer.toString(first))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
                .start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = child;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The child was killed.
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** The next line starting with {@code prefix}, skipping others; fails with the child's log when it never comes. */
    private String awaitLine(LinkedBlockingQueue<String> lines, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no " + prefix + " line from the child; its log:\n"
                        + Files.readString(dir.resolve("child.log")));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * Busy-polls (no sleep: the moment to hit lasts only milliseconds) until {@code probe} finds something.
     */
    private static <T> T spinUntil(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Temporary package directories in the evidence tree ({@code <camera>/<date>/.<id>.tmp-*}), not set aside. */
    private static List<Path> temporaryDirs(Path evidence) {
        return walkPackages(evidence).stream().filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
    }

    /** Stored package directories ({@code <camera>/<date>/<id>}). */
    private static List<Path> packageDirs(Path evidence) {
        return walkPackages(evidence).stream().filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }

    private static List<Path> walkPackages(Path evidence) {
        if (!Files.isDirectory(evidence)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(evidence, 3)) {
            return s.filter(p -> evidence.relativize(p).getNameCount() == 3)
                    .filter(p -> !evidence.relativize(p).getName(0).toString().startsWith("."))
                    .filter(Files::isDirectory).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(); // the tree changed under the walk (a rename); the caller polls again
        }
    }

    /** The clip encoder's stderr logs left in the child's java.io.tmpdir (small; deleted when it ends normally). */
    private long clipLogs() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("wardwatch-clip-")).count();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
