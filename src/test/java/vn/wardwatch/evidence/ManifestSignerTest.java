package vn.wardwatch.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 keys in PEM files: written, read back, and every bad key file named in the error. */
class ManifestSignerTest {

    @TempDir
    Path dir;

    @Test
    void keysWrittenAndReadBackSignAndVerify() throws IOException {
        Path priv = dir.resolve("keys/evidence.key");
        Path pub = dir.resolve("keys/evidence.pub");
        ManifestSigner.writeKeyPair(ManifestSigner.generate(), priv, pub);
        assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        }
        PrivateKey privateKey = ManifestSigner.readPrivateKey(priv);
        PublicKey publicKey = ManifestSigner.readPublicKey(pub);
        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        byte[] signature = ManifestSigner.fromFile(priv).sign(data);
        assertEquals(64, signature.length);
        assertTrue(ManifestSigner.verify(publicKey, data, signature));
        assertFalse(ManifestSigner.verify(publicKey, "manifesT".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(ManifestSigner.verify(ManifestSigner.generate().getPublic(), data, signature));
        assertEquals(privateKey.getAlgorithm(), publicKey.getAlgorithm());
    }

    @Test
    void existingKeyFilesAreNotOverwritten() throws IOException {
        Path priv = dir.resolve("a.key");
        Path pub = dir.resolve("a.pub");
        ManifestSigner.writeKeyPair(ManifestSigner.generate(), priv, pub);
        String before = Files.readString(priv);
        assertThrows(FileAlreadyExistsException.class,
                () -> ManifestSigner.writeKeyPair(ManifestSigner.generate(), priv, dir.resolve("b.pub")));
        assertThrows(FileAlreadyExistsException.class,
                () -> ManifestSigner.writeKeyPair(ManifestSigner.generate(), dir.resolve("b.key"), pub));
        assertEquals(before, Files.readString(priv));
        assertFalse(Files.exists(dir.resolve("b.key")));
        assertFalse(Files.exists(dir.resolve("b.pub")));
    }

    @Test
    void missingKeyFileIsNamed() {
        Path missing = dir.resolve("nowhere.key");
        KeyFileException e = assertThrows(KeyFileException.class, () -> ManifestSigner.readPrivateKey(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(missing, e.file());
    }

    @Test
    void unreadableKeyFileIsNamed() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("a-directory.pub"));
        KeyFileException e = assertThrows(KeyFileException.class, () -> ManifestSigner.readPublicKey(directory));
        assertTrue(e.getMessage().contains(directory.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void rsaKeyIsNotAnEd25519Key() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path priv = dir.resolve("rsa.key");
        Path pub = dir.resolve("rsa.pub");
        Files.writeString(priv, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        KeyFileException e1 = assertThrows(KeyFileException.class, () -> ManifestSigner.readPrivateKey(priv));
        assertTrue(e1.getMessage().contains(priv.toString()) && e1.getMessage().contains("not an Ed25519"),
                e1.getMessage());
        KeyFileException e2 = assertThrows(KeyFileException.class, () -> ManifestSigner.readPublicKey(pub));
        assertTrue(e2.getMessage().contains(pub.toString()) && e2.getMessage().contains("not an Ed25519"),
                e2.getMessage());
    }

    @Test
    void publicKeyGivenAsPrivateKeyIsNamed() throws IOException {
        Path priv = dir.resolve("k.key");
        Path pub = dir.resolve("k.pub");
        ManifestSigner.writeKeyPair(ManifestSigner.generate(), priv, pub);
        KeyFileException e = assertThrows(KeyFileException.class, () -> ManifestSigner.readPrivateKey(pub));
        assertTrue(e.getMessage().contains(pub.toString()), e.getMessage());
        Path garbage = Files.write(dir.resolve("garbage.pub"), new byte[] {(byte) 0xff, 0, 1});
        KeyFileException e2 = assertThrows(KeyFileException.class, () -> ManifestSigner.readPublicKey(garbage));
        assertTrue(e2.getMessage().contains(garbage.toString()), e2.getMessage());
    }
}
