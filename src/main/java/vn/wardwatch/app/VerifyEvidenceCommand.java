package vn.wardwatch.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.evidence.VerificationProblem;
import vn.wardwatch.evidence.VerificationResult;

/** Checks an evidence package's signature and files; prints every problem by file name. */
@Command(name = "verify-evidence", mixinStandardHelpOptions = true,
        description = "Verify an evidence package: the manifest signature and the size and SHA-256 of every file."
                + " Exit code 0 when intact, 1 on any problem.")
public final class VerifyEvidenceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "package directory (holding manifest.json)")
    Path dir;

    @Option(names = "--public-key", required = true, paramLabel = "FILE", description = "Ed25519 public key (PEM)")
    Path publicKey;

    @Override
    public Integer call() {
        return run(dir, publicKey, System.out);
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
