package vn.wardwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.cluster.ViolationReceiver;
import vn.wardwatch.cluster.ViolationSender;
import vn.wardwatch.evidence.ClipEncoder;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.EvidenceWriteException;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.util.OpenCv;

/**
 * A worker's violation, end to end in one JVM: the worker's recorder writes the signed package into the shared
 * evidence directory and hands the row to a {@link ViolationSender}; the api node's {@link ViolationReceiver}
 * stores it in H2 once. The api node starts after the violation (it was down): the row arrives on a resend.
 */
class WorkerViolationFlowTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void theWorkersPackageIsInTheSharedDirectoryAndItsRowIsStoredOnceByTheApiNode() throws Exception {
        Path shared = dir.resolve("evidence");
        var pair = ManifestSigner.generate();
        Vertx vertx = Vertx.vertx();
        ViolationSender sender = new ViolationSender(vertx.eventBus());
        ViolationRecorder worker = new ViolationRecorder(
                new EvidencePackageWriter(shared, new ManifestSigner(pair.getPrivate())), shared, sender,
                new ClipEncoder("ffmpeg", Duration.ofSeconds(60)), null,
                List.of(new EvidenceManifest.Model("detector test", "sha256:0")), null, new SimpleMeterRegistry(),
                Clock.systemUTC());
        try (Database db = Database.open(dir.resolve("ww"))) {
            StoredViolation row = worker.record(ViolationRecorderTest.job());
            assertTrue(new EvidenceVerifier(pair.getPublic()).verify(shared.resolve(row.packageDir())).ok());
            // The same violation again (a replay on the same shared directory): the package is not overwritten.
            assertThrows(EvidenceWriteException.class, () -> worker.record(ViolationRecorderTest.job()));

            JdbcViolationRepository repository = new JdbcViolationRepository(db);
            List<StoredViolation> published = new CopyOnWriteArrayList<>();
            ViolationReceiver.start(vertx, repository, published::add).completion().await(5, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(10), "the row acknowledged", () -> {
                sender.flush(); // the periodic resend, by hand
                return sender.allAcknowledged();
            });
            StoredViolation stored = repository.find(row.id()).orElseThrow();
            assertEquals(row.packageDir(), stored.packageDir());
            assertEquals(row.manifestSha256(), stored.manifestSha256());
            assertEquals(row.occurredAt(), stored.occurredAt());
            assertEquals(List.of(row), published);
        } finally {
            worker.close();
            sender.close(Duration.ofSeconds(1));
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
