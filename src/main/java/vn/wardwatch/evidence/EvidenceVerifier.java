package vn.wardwatch.evidence;

import static vn.wardwatch.evidence.EvidencePackageWriter.MANIFEST;
import static vn.wardwatch.evidence.EvidencePackageWriter.SIGNATURE;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import vn.wardwatch.evidence.VerificationProblem.Kind;

/**
 * Checks an evidence package: the signature over the manifest's canonical bytes, then the size and SHA-256 of every
 * listed file, and that no file was added. Every problem is reported by file name, not just the first.
 */
public final class EvidenceVerifier {

    private final PublicKey publicKey;

    public EvidenceVerifier(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    public VerificationResult verify(Path packageDir) {
        List<VerificationProblem> problems = new ArrayList<>();
        byte[] raw;
        JsonObject json;
        EvidenceManifest manifest;
        try {
            raw = Files.readAllBytes(packageDir.resolve(MANIFEST));
            json = new JsonObject(new String(raw, StandardCharsets.UTF_8));
            manifest = EvidenceManifest.fromJson(json);
        } catch (NoSuchFileException e) {
            problems.add(new VerificationProblem(Kind.MANIFEST_UNREADABLE, MANIFEST, "missing"));
            return new VerificationResult(packageDir, problems);
        } catch (IOException | DecodeException | IllegalArgumentException e) {
            problems.add(new VerificationProblem(Kind.MANIFEST_UNREADABLE, MANIFEST, e.getMessage()));
            return new VerificationResult(packageDir, problems);
        }
        byte[] canonical = EvidenceManifest.canonicalBytes(json);
        checkSignature(packageDir, canonical, problems);
        if (!Arrays.equals(raw, canonical)) {
            // Same content, other bytes (re-indented, keys reordered, duplicate keys): still a changed file.
            problems.add(new VerificationProblem(Kind.CHANGED_FILE, MANIFEST,
                    "bytes differ from the canonical form the writer stores"));
        }
        // Files are checked even when the signature is bad: the report should say everything that is wrong.
        Set<String> listed = new HashSet<>();
        for (EvidenceManifest.FileEntry entry : manifest.files()) {
            listed.add(entry.name());
            checkFile(packageDir, entry, problems);
        }
        for (String name : presentNames(packageDir, problems)) {
            if (!listed.contains(name) && !name.equals(MANIFEST) && !name.equals(SIGNATURE)) {
                problems.add(new VerificationProblem(Kind.EXTRA_FILE, name, "not listed in the manifest"));
            }
        }
        return new VerificationResult(packageDir, problems);
    }

    private void checkSignature(Path dir, byte[] canonical, List<VerificationProblem> problems) {
        String text;
        try {
            text = Files.readString(dir.resolve(SIGNATURE), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            problems.add(new VerificationProblem(Kind.SIGNATURE_MISSING, SIGNATURE, "missing"));
            return;
        } catch (IOException e) {
            problems.add(new VerificationProblem(Kind.SIGNATURE_MISSING, SIGNATURE, "unreadable: " + e.getMessage()));
            return;
        }
        byte[] signature = decodeExactly(text);
        if (signature == null) {
            problems.add(new VerificationProblem(Kind.BAD_SIGNATURE, SIGNATURE,
                    "not exactly one line of standard base64"));
        } else if (!ManifestSigner.verify(publicKey, canonical, signature)) {
            problems.add(new VerificationProblem(Kind.BAD_SIGNATURE, MANIFEST,
                    "signature does not match the manifest (manifest or signature changed, or another key)"));
        }
    }

    /** The signature bytes, or null unless the text is exactly what the writer stores: base64 and one newline. */
    private static byte[] decodeExactly(String text) {
        if (!text.endsWith("\n")) {
            return null;
        }
        String body = text.substring(0, text.length() - 1);
        try {
            byte[] bytes = Base64.getDecoder().decode(body);
            // Re-encoding catches changes the decoder tolerates, such as the unused bits of the last character.
            return Base64.getEncoder().encodeToString(bytes).equals(body) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkFile(Path dir, EvidenceManifest.FileEntry entry, List<VerificationProblem> problems) {
        Path base = dir.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(entry.name()).normalize();
        } catch (RuntimeException e) {
            problems.add(new VerificationProblem(Kind.MISSING_FILE, entry.name(), "not a valid file name"));
            return;
        }
        // A manifest naming "../x" must not make the verifier read outside the package.
        if (!base.equals(file.getParent()) || !Files.isRegularFile(file)) {
            problems.add(new VerificationProblem(Kind.MISSING_FILE, entry.name(), "listed but not present"));
            return;
        }
        MessageDigest sha = EvidencePackageWriter.sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                sha.update(chunk, 0, n);
                size += n;
            }
        } catch (IOException e) {
            problems.add(new VerificationProblem(Kind.MISSING_FILE, entry.name(), "unreadable: " + e.getMessage()));
            return;
        }
        String hex = EvidencePackageWriter.hex(sha);
        if (size != entry.size() || !hex.equalsIgnoreCase(entry.sha256())) {
            problems.add(new VerificationProblem(Kind.CHANGED_FILE, entry.name(), String.format(
                    "expected %d bytes sha256 %s, found %d bytes sha256 %s", entry.size(), entry.sha256(), size, hex)));
        }
    }

    private static Set<String> presentNames(Path dir, List<VerificationProblem> problems) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            problems.add(new VerificationProblem(Kind.MANIFEST_UNREADABLE, dir.toString(),
                    "cannot list the package directory: " + e.getMessage()));
        }
        return names;
    }
}
