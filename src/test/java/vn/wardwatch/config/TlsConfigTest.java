package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.testsupport.SelfSignedCert;

/** api.tls: the files are checked when the configuration loads, and every error names the key and the file. */
class TlsConfigTest {

    @TempDir
    static Path dir;
    static SelfSignedCert cert;

    @BeforeAll
    static void makeCert() throws Exception {
        cert = SelfSignedCert.create(dir);
    }

    private static AppConfig parse(String tls) {
        return ConfigLoader.parse("api:\n  tls: " + tls
                + "\ncameras:\n  gate1:\n    source:\n      url: rtsp://cam/s\n", "test.yml", Map.of());
    }

    private static List<ConfigError> errors(String tls) {
        return assertThrows(ConfigException.class, () -> parse(tls)).errors();
    }

    private static String tls(Path certFile, Path keyFile) {
        return "{cert: \"" + certFile + "\", key: \"" + keyFile + "\"}";
    }

    @Test
    void validFilesGiveHttpsWithTls12AsTheFloor() {
        TlsConfig tls = parse(tls(cert.cert(), cert.key())).api().tls();
        assertEquals(new TlsConfig(cert.cert(), cert.key(), "TLSv1.2"), tls);
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), tls.enabledVersions());
        assertNull(ConfigLoader.parse("cameras:\n  g:\n    source:\n      url: rtsp://c/s\n", "t", Map.of())
                .api().tls(), "no tls section, plain HTTP");
    }

    @Test
    void keyMayBeNamedLikeAFileSecretAndTls13CanBeRequired() {
        TlsConfig tls = parse("{cert: \"" + cert.cert() + "\", key: \"${file:" + cert.key()
                + "}\", min_version: TLSv1.3}").api().tls();
        assertEquals(cert.key(), tls.key());
        assertEquals(List.of("TLSv1.3"), tls.enabledVersions());
    }

    @Test
    void missingFilesAreNamed() {
        Path nowhere = dir.resolve("nowhere.pem");
        List<ConfigError> e = errors(tls(nowhere, nowhere));
        assertEquals(List.of(new ConfigError("api.tls.cert", "certificate file " + nowhere + " does not exist"),
                new ConfigError("api.tls.key", "private key file " + nowhere + " does not exist")), e);
    }

    @Test
    void swappedCertAndKeyAreSpotted() {
        List<ConfigError> e = errors(tls(cert.key(), cert.cert()));
        assertEquals(2, e.size(), e.toString());
        assertTrue(e.get(0).message().contains(cert.key() + " has no PEM \"BEGIN CERTIFICATE\" block")
                && e.get(0).message().contains("swapped"), e.toString());
        assertTrue(e.get(1).message().contains(cert.cert() + " has no PEM private key block")
                && e.get(1).message().contains("swapped"), e.toString());
    }

    @Test
    void garbageAndEncryptedKeysAndBadVersionsAreRefused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        List<ConfigError> e = errors("{cert: \"" + garbage + "\", key: \"" + encrypted + "\", min_version: TLSv1}");
        assertEquals(3, e.size(), e.toString());
        assertEquals("api.tls.cert", e.get(0).path());
        assertTrue(e.get(0).message().startsWith("certificate file " + garbage + " is not a valid PEM X.509"),
                e.toString());
        assertEquals("api.tls.key", e.get(1).path());
        assertTrue(e.get(1).message().contains(encrypted + " is encrypted"), e.toString());
        assertEquals(new ConfigError("api.tls.min_version", "expected one of TLSv1.2, TLSv1.3, got \"TLSv1\""),
                e.get(2));
        assertEquals(List.of(new ConfigError("api.tls.key", "missing required key")),
                errors("{cert: \"" + cert.cert() + "\"}"));
    }
}
