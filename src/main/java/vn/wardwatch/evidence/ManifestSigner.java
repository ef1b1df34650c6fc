package vn.wardwatch.evidence;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs evidence manifests with Ed25519 (the JDK's own provider, no extra dependency) and checks signatures. Keys
 * live in PEM files: the private key as PKCS#8 ({@code BEGIN PRIVATE KEY}), the public key as X.509
 * SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), the forms {@code openssl genpkey -algorithm ed25519} writes.
 */
public final class ManifestSigner {

    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private final PrivateKey privateKey;

    public ManifestSigner(PrivateKey privateKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /** A signer with the private key of a PKCS#8 PEM file. */
    public static ManifestSigner fromFile(Path privateKeyFile) {
        return new ManifestSigner(readPrivateKey(privateKeyFile));
    }

    /** The 64-byte Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code data} by {@code publicKey}'s owner. */
    public static boolean verify(PublicKey publicKey, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(signature);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        } catch (SignatureException e) {
            return false; // malformed signature bytes: simply not valid
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * Writes a key pair as two PEM files. Refuses to replace either file (a lost private key cannot be recovered and
     * a replaced public key would make every earlier package unverifiable). The private key file is created with
     * permissions 600 where the file system has POSIX permissions.
     */
    public static void writeKeyPair(KeyPair pair, Path privateKeyFile, Path publicKeyFile) throws IOException {
        for (Path f : new Path[] {privateKeyFile, publicKeyFile}) {
            if (Files.exists(f)) {
                throw new FileAlreadyExistsException(f.toString(), null, "key file exists; not overwriting");
            }
        }
        Path privateDir = privateKeyFile.toAbsolutePath().getParent();
        Files.createDirectories(privateDir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Created with 600 from the start, so the key is never readable by others even for a moment.
            Files.createFile(privateKeyFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(privateKeyFile);
        }
        try (Writer w = Files.newBufferedWriter(privateKeyFile, StandardCharsets.US_ASCII,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(pem(PRIVATE_LABEL, pair.getPrivate().getEncoded()));
        }
        Files.createDirectories(publicKeyFile.toAbsolutePath().getParent());
        Files.writeString(publicKeyFile, publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** The public key as X.509 PEM text, as the API will serve it. */
    public static String publicKeyPem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /** @throws KeyFileException naming the file when it is missing, unreadable or not an Ed25519 private key */
    public static PrivateKey readPrivateKey(Path file) {
        byte[] der = readPem(file, PRIVATE_LABEL);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFileException(file, "not an Ed25519 private key (PKCS#8 PEM expected)", e);
        }
    }

    /** @throws KeyFileException naming the file when it is missing, unreadable or not an Ed25519 public key */
    public static PublicKey readPublicKey(Path file) {
        byte[] der = readPem(file, PUBLIC_LABEL);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFileException(file, "not an Ed25519 public key (X.509 PEM expected)", e);
        }
    }

    private static byte[] readPem(Path file, String label) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1); // never fails on stray bytes
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file, "does not exist", e);
        } catch (IOException | RuntimeException e) {
            throw new KeyFileException(file, "cannot be read (" + e + ")", e);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new KeyFileException(file, "no '" + begin + "' block", null);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "PEM body is not base64", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
