package vn.wardwatch.faults;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import vn.wardwatch.evidence.EvidenceKeys;
import vn.wardwatch.pipeline.ViolationRecorder;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.util.OpenCv;

/**
 * The child JVM of {@link JvmKilledDuringEvidenceFaultTest}: writes violations through the real recorder into
 * {@code <dataDir>} as serve lays it out, forever, saying on stdout what it does ({@code WRITING n} before a job,
 * {@code COMMITTED id} once its package and row are stored), until it is killed.
 */
public final class EvidenceWriterMain {

    private EvidenceWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        OpenCv.load();
        EvidenceKeys keys = EvidenceKeys.loadOrCreate(data.resolve("keys/evidence-signing.key"),
                data.resolve("keys/evidence-signing.pub"));
        Database db = Database.open(data.resolve("wardwatch"));
        ViolationRecorder recorder = FaultScene.recorder(data.resolve("evidence"), keys.signer(),
                new JdbcViolationRepository(db), null, new SimpleMeterRegistry());
        System.out.println("READY");
        for (int n = first; ; n++) {
            System.out.println("WRITING " + n);
            StoredViolation row = recorder.record(FaultScene.job(n));
            System.out.println("COMMITTED " + row.id());
        }
    }
}
