package vn.wardwatch.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.AuditProblem;
import vn.wardwatch.audit.AuditVerification;
import vn.wardwatch.audit.AuditVerifier;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.storage.jdbc.Database;

/** Checks the audit log's hash chain and its anchor file; prints OK with the count and head, or every problem. */
@Command(name = "verify-audit", mixinStandardHelpOptions = true,
        description = "Verify the audit log: every entry's hash, the chain of prev_hash links, and the head against"
                + " <data_dir>/audit.anchor (compare that file with its off-box copy too). Run it while serve is"
                + " stopped (the embedded database is locked by a running server). Exit code 0 when intact, 1 on any"
                + " problem.")
public final class VerifyAuditCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "YAML configuration naming the data directory (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() {
        AppConfig app = ConfigLoader.load(config);
        try (Database database = Database.open(app.storage())) {
            JdbcAuditLog log = new JdbcAuditLog(database, AuditAnchor.in(app.storage().dataDir()),
                    Clock.systemUTC());
            return report(new AuditVerifier(log).verify(), System.out);
        }
    }

    static int report(AuditVerification v, PrintStream out) {
        if (v.ok()) {
            out.println("OK " + v.count() + " entries, head seq " + v.headSeq() + " hash " + v.headHash());
            return 0;
        }
        out.println("FAILED " + v.problems().size() + " problem(s) in " + v.count() + " entries (head seq "
                + v.headSeq() + " hash " + v.headHash() + ")");
        for (AuditProblem p : v.problems()) {
            out.println("  " + p);
        }
        return 1;
    }
}
