package vn.wardwatch.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.evidence.ManifestSigner;

/** Key management for signing evidence: {@code keys generate --private FILE --public FILE}. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage the Ed25519 key pair that signs evidence manifests.",
        subcommands = KeysCommand.Generate.class)
public final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Make a new Ed25519 key pair as PEM files (private: PKCS#8, mode 600; public: X.509)."
                    + " Never overwrites an existing file.")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--private", required = true, paramLabel = "FILE", description = "private key file to create")
        Path privateKey;

        @Option(names = "--public", required = true, paramLabel = "FILE", description = "public key file to create")
        Path publicKey;

        @Override
        public Integer call() {
            return run(privateKey, publicKey, System.out, System.err);
        }

        static int run(Path privateKey, Path publicKey, PrintStream out, PrintStream err) {
            try {
                ManifestSigner.writeKeyPair(ManifestSigner.generate(), privateKey, publicKey);
            } catch (FileAlreadyExistsException e) {
                err.println("keys generate: " + e.getFile() + " exists; not overwriting");
                return 1;
            } catch (IOException e) {
                err.println("keys generate: " + e);
                return 1;
            }
            out.println("private key: " + privateKey);
            out.println("public key:  " + publicKey);
            return 0;
        }
    }
}
