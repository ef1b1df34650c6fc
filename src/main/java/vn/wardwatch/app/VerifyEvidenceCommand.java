package vn.wardwatch.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.evidence.VerificationProblem;
import vn.wardwatch.evidence.VerificationResult;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;

/** Checks an evidence package's signature and files; prints every problem by file name. */
@Command(name = "verify-evidence", mixinStandardHelpOptions = true,
        description = "Verify an evidence package, given by its directory or by its violation id: the manifest"
                + " signature and the size and SHA-256 of every file. Exit code 0 when intact, 1 on any problem.")
public final class VerifyEvidenceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR|ID",
            description = "package directory (holding manifest.json), or a violation id looked up in the database")
    String target;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Ed25519 public key (PEM); default: evidence.public_key of the config")
    Path publicKey;

    @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
            description = "YAML configuration, for a violation id or the default key (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() {
        Path dir = Path.of(target);
        if (Files.isDirectory(dir) && publicKey != null) {
            return run(dir, publicKey, System.out);
        }
        AppConfig app = ConfigLoader.load(config);
        Path key = publicKey != null ? publicKey : app.evidence().publicKey();
        if (Files.isDirectory(dir)) {
            return run(dir, key, System.out);
        }
        Optional<Path> found = packageOf(app, target);
        if (found.isEmpty()) {
            System.out.println("FAILED " + target + ": neither a directory nor a violation id in "
                    + (app.storage().postgresql() ? app.storage().url() : app.storage().databaseFile() + ".mv.db"));
            return 1;
        }
        return run(found.get(), key, System.out);
    }

    /** Where the package of violation {@code id} is, from its database row. */
    static Optional<Path> packageOf(AppConfig app, String id) {
        try (Database db = Database.open(app.storage())) {
            return new JdbcViolationRepository(db).find(id).map(StoredViolation::packageDir)
                    .map(p -> app.evidence().dir().resolve(p));
        }
    }

    static int run(Path dir, Path publicKeyFile, PrintStream out) {
        if (!Files.isDirectory(dir)) {
            out.println("FAILED " + dir + ": not a directory");
            return 1;
        }
        VerificationResult result = new EvidenceVerifier(ManifestSigner.readPublicKey(publicKeyFile)).verify(dir);
        if (result.ok()) {
            out.println("OK " + dir);
            return 0;
        }
        out.println("FAILED " + dir + ": " + result.problems().size() + " problem(s)");
        for (VerificationProblem p : result.problems()) {
            out.println("  " + p);
        }
        return 1;
    }
}
