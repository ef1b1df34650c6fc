package vn.wardwatch.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing key pair of a running server. When neither file exists a new pair is made (as sshd makes its host
 * keys); when only one exists, or they do not belong together, starting fails: signing with a key whose public half
 * is not the one served would make every package unverifiable.
 */
public record EvidenceKeys(ManifestSigner signer, PublicKey publicKey, Path publicKeyFile) {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceKeys.class);

    /** @throws KeyFileException naming the file that is missing, unreadable, or does not match the other */
    public static EvidenceKeys loadOrCreate(Path privateKeyFile, Path publicKeyFile) {
        boolean havePrivate = Files.exists(privateKeyFile);
        boolean havePublic = Files.exists(publicKeyFile);
        if (!havePrivate && !havePublic) {
            try {
                ManifestSigner.writeKeyPair(ManifestSigner.generate(), privateKeyFile, publicKeyFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the evidence signing key pair " + privateKeyFile
                        + " / " + publicKeyFile + ": " + e.getMessage(), e);
            }
            LOG.warn("made a new evidence signing key pair: {} (keep it secret and backed up) and {}",
                    privateKeyFile, publicKeyFile);
        } else if (!havePrivate) {
            throw new KeyFileException(privateKeyFile, "missing, while its public key " + publicKeyFile
                    + " exists (restore the private key; a new pair would not verify earlier evidence)", null);
        } else if (!havePublic) {
            throw new KeyFileException(publicKeyFile, "missing, while the private key " + privateKeyFile
                    + " exists (restore it, or derive it from the private key)", null);
        }
        ManifestSigner signer = ManifestSigner.fromFile(privateKeyFile);
        PublicKey publicKey = ManifestSigner.readPublicKey(publicKeyFile);
        byte[] probe = "wardwatch key check".getBytes(StandardCharsets.US_ASCII);
        if (!ManifestSigner.verify(publicKey, probe, signer.sign(probe))) {
            throw new KeyFileException(publicKeyFile, "is not the public half of " + privateKeyFile, null);
        }
        return new EvidenceKeys(signer, publicKey, publicKeyFile);
    }
}
