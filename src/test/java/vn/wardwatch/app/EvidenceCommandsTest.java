package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.wardwatch.evidence.EvidenceFile;
import vn.wardwatch.evidence.EvidenceManifest;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.KeyFileException;
import vn.wardwatch.evidence.ManifestSigner;

/** {@code keys generate} and {@code verify-evidence} on real files. */
class EvidenceCommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void keysGenerateWritesAPairAndRefusesToOverwrite() throws IOException {
        Path priv = dir.resolve("evidence.key");
        Path pub = dir.resolve("evidence.pub");
        CommandLine cli = new CommandLine(new Main());
        assertEquals(0, cli.execute("keys", "generate", "--private", priv.toString(), "--public", pub.toString()));
        String before = Files.readString(priv);
        ManifestSigner.readPrivateKey(priv);
        ManifestSigner.readPublicKey(pub);

        int code = KeysCommand.Generate.run(priv, dir.resolve("other.pub"), print(out), print(err));
        assertEquals(1, code);
        assertTrue(text(err).contains(priv.toString()) && text(err).contains("not overwriting"), text(err));
        assertEquals(before, Files.readString(priv));
    }

    @Test
    void verifyEvidenceReportsOkThenTheChangedFile() throws IOException {
        Path priv = dir.resolve("k.key");
        Path pub = dir.resolve("k.pub");
        ManifestSigner.writeKeyPair(ManifestSigner.generate(), priv, pub);
        EvidenceManifest manifest = new EvidenceManifest("V1", "cam-1", null, null, null, null, null, "RED_LIGHT",
                Instant.parse("2026-11-22T01:00:00Z"), LocalDateTime.parse("2026-11-22T08:00:00"),
                ZoneId.of("Asia/Ho_Chi_Minh"), "ntp", 3, "red", "image", List.of(), "h", null, null, null,
                List.of());
        Path pkg = new EvidencePackageWriter(dir.resolve("evidence"), ManifestSigner.fromFile(priv)).write(manifest,
                List.of(EvidenceFile.bytes("vehicle.jpg", new byte[] {1, 2, 3})));

        assertEquals(0, VerifyEvidenceCommand.run(pkg, pub, print(out)));
        assertTrue(text(out).startsWith("OK "), text(out));

        Files.write(pkg.resolve("vehicle.jpg"), new byte[] {1, 2, 4});
        out.reset();
        assertEquals(1, VerifyEvidenceCommand.run(pkg, pub, print(out)));
        assertTrue(text(out).contains("CHANGED_FILE vehicle.jpg"), text(out));
    }

    @Test
    void verifyEvidenceFindsAPackageByItsViolationId() throws IOException {
        Path config = dir.resolve("ww.yaml");
        Files.writeString(config, "storage: {data_dir: " + dir.resolve("data") + "}\n"
                + "cameras:\n  cam-1:\n    source: {url: x.mp4}\n");
        var app = vn.wardwatch.config.ConfigLoader.load(config);
        var keys = vn.wardwatch.evidence.EvidenceKeys.loadOrCreate(app.evidence().signingKey(),
                app.evidence().publicKey());
        Instant at = Instant.parse("2026-11-22T01:00:00Z");
        EvidenceManifest manifest = new EvidenceManifest("V2", "cam-1", null, null, null, null, null, "WRONG_WAY",
                at, LocalDateTime.parse("2026-11-22T08:00:00"), ZoneId.of("Asia/Ho_Chi_Minh"), "ntp", 3, null, null,
                List.of(), "h", null, null, null, List.of());
        Path pkg = new EvidencePackageWriter(app.evidence().dir(), keys.signer()).write(manifest,
                List.of(EvidenceFile.bytes("vehicle.jpg", new byte[] {1, 2, 3})));
        try (var db = vn.wardwatch.storage.jdbc.Database.open(app.storage().databaseFile())) {
            new vn.wardwatch.storage.jdbc.JdbcViolationRepository(db).add(new vn.wardwatch.storage.StoredViolation(
                    "V2", "cam-1", "WRONG_WAY", "new", at, java.time.ZoneOffset.ofHours(7), 3, "car", "lane", "lane",
                    null, null, "h", null, null, null, app.evidence().dir().relativize(pkg).toString(), "00", at));
        }
        assertEquals(pkg, VerifyEvidenceCommand.packageOf(app, "V2").orElseThrow());
        assertTrue(VerifyEvidenceCommand.packageOf(app, "V3").isEmpty());
        assertEquals(0, new CommandLine(new Main()).execute("verify-evidence", "V2", "--config", config.toString()));
        assertEquals(1, new CommandLine(new Main()).execute("verify-evidence", "V3", "--config", config.toString()));
    }

    @Test
    void verifyEvidenceNamesAMissingKeyFile() {
        Path missing = dir.resolve("missing.pub");
        KeyFileException e = assertThrows(KeyFileException.class,
                () -> VerifyEvidenceCommand.run(dir, missing, print(out)));
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
