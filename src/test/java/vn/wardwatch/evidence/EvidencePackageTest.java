package vn.wardwatch.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.evidence.VerificationProblem.Kind;
import vn.wardwatch.util.OpenCv;

/** Packages written to real files, verified, tampered with, and written where they must fail. */
class EvidencePackageTest {

    @TempDir
    Path dir;

    private final KeyPair keys = ManifestSigner.generate();
    private Path root;
    private EvidencePackageWriter writer;
    private EvidenceVerifier verifier;
    private Mat overview;
    private Mat plate;
    private Path clip;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("evidence");
        writer = new EvidencePackageWriter(root, new ManifestSigner(keys.getPrivate()));
        verifier = new EvidenceVerifier(keys.getPublic());
        overview = new Mat(360, 640, CvType.CV_8UC3, new Scalar(60, 60, 60));
        Imgproc.rectangle(overview, new Point(100, 120), new Point(220, 200), new Scalar(0, 0, 255), 3);
        Imgproc.line(overview, new Point(0, 250), new Point(640, 250), new Scalar(255, 255, 255), 2);
        plate = new Mat(40, 120, CvType.CV_8UC3, new Scalar(230, 230, 230));
        clip = Files.write(dir.resolve("ring-clip.mp4"), "not really an mp4 but bytes".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        overview.release();
        plate.release();
    }

    private List<EvidenceFile> files() {
        return List.of(EvidenceFile.jpeg("overview-1.jpg", overview), EvidenceFile.jpeg("plate.jpg", plate),
                EvidenceFile.bytes("plate.txt", "30A12345".getBytes(StandardCharsets.UTF_8)),
                EvidenceFile.copyOf("clip.mp4", clip));
    }

    private Path writeSample(String violationId) throws IOException {
        return writer.write(EvidenceManifestTest.sample(violationId), files());
    }

    @Test
    void writtenPackageVerifies() throws IOException {
        Path pkg = writeSample("V1");
        assertEquals(root.resolve("cam-1").resolve("2026-11-22").resolve("V1"), pkg);
        VerificationResult result = verifier.verify(pkg);
        assertTrue(result.ok(), result.problems().toString());

        EvidenceManifest manifest = EvidenceManifest.fromJson(
                new JsonObject(Files.readString(pkg.resolve(EvidencePackageWriter.MANIFEST))));
        assertEquals(List.of("overview-1.jpg", "plate.jpg", "plate.txt", "clip.mp4"),
                manifest.files().stream().map(EvidenceManifest.FileEntry::name).toList());
        assertEquals(Files.size(clip), manifest.files().get(3).size());
        assertArrayEquals(Files.readAllBytes(clip), Files.readAllBytes(pkg.resolve("clip.mp4")));
        Mat decoded = Imgcodecs.imread(pkg.resolve("overview-1.jpg").toString());
        assertEquals(overview.size(), decoded.size());
        decoded.release();
        // manifest.json is the canonical form itself, so anyone can re-check the signature with plain tools.
        assertArrayEquals(manifest.canonicalBytes(), Files.readAllBytes(pkg.resolve(EvidencePackageWriter.MANIFEST)));
        assertEquals(List.of("cam-1"), names(root));
        assertEquals(List.of("V1"), names(pkg.getParent())); // no temporary directory left beside it
    }

    @Test
    void changedPictureIsNamed() throws IOException {
        Path pkg = writeSample("V2");
        flipByte(pkg.resolve("plate.jpg"), 100);
        VerificationResult result = verifier.verify(pkg);
        assertFalse(result.ok());
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertTrue(result.has(Kind.CHANGED_FILE, "plate.jpg"), result.problems().toString());
    }

    @Test
    void changedManifestBreaksTheSignature() throws IOException {
        VerificationResult result = verifyWithManifestEdited("V3", m -> m.replace("30A12345", "30A12346"));
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertTrue(result.has(Kind.BAD_SIGNATURE, EvidencePackageWriter.MANIFEST));
    }

    @Test
    void reformattedManifestKeepsItsSignatureButIsReported() throws IOException {
        VerificationResult result = verifyWithManifestEdited("V3b", m -> new JsonObject(m).encodePrettily());
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertTrue(result.has(Kind.CHANGED_FILE, EvidencePackageWriter.MANIFEST));
    }

    @Test
    void oneFlippedByteAnywhereIsNamed() throws IOException {
        Path pkg = writeSample("V3d");
        List<String> all = names(pkg);
        assertEquals(List.of("clip.mp4", "manifest.json", "manifest.sig", "overview-1.jpg", "plate.jpg", "plate.txt"),
                all);
        for (String name : all) {
            Path file = pkg.resolve(name);
            byte[] original = Files.readAllBytes(file);
            for (int at : new int[] {0, original.length / 2, original.length - 1}) {
                flipByte(file, at);
                VerificationResult result = verifier.verify(pkg);
                String where = name + " byte " + at + ": " + result.problems();
                assertFalse(result.ok(), where);
                assertTrue(result.problems().stream().anyMatch(p -> p.file().equals(name)
                        || name.equals(EvidencePackageWriter.SIGNATURE) && p.kind() == Kind.BAD_SIGNATURE), where);
                Files.write(file, original);
            }
        }
        assertTrue(verifier.verify(pkg).ok());
    }

    @Test
    void malformedSignatureIsNamed() throws IOException {
        Path pkg = writeSample("V3e");
        Files.writeString(pkg.resolve(EvidencePackageWriter.SIGNATURE), "not base64!\n");
        assertTrue(verifier.verify(pkg).has(Kind.BAD_SIGNATURE, EvidencePackageWriter.SIGNATURE));
    }

    @Test
    void otherKeyGivesBadSignature() throws IOException {
        Path pkg = writeSample("V3c");
        VerificationResult result = new EvidenceVerifier(ManifestSigner.generate().getPublic()).verify(pkg);
        assertTrue(result.has(Kind.BAD_SIGNATURE, EvidencePackageWriter.MANIFEST), result.problems().toString());
    }

    @Test
    void missingAndExtraFilesAreNamed() throws IOException {
        Path pkg = writeSample("V4");
        Files.delete(pkg.resolve("clip.mp4"));
        Files.writeString(pkg.resolve("planted.jpg"), "x");
        VerificationResult result = verifier.verify(pkg);
        assertEquals(2, result.problems().size(), result.problems().toString());
        assertTrue(result.has(Kind.MISSING_FILE, "clip.mp4"));
        assertTrue(result.has(Kind.EXTRA_FILE, "planted.jpg"));
    }

    @Test
    void missingSignatureIsNamed() throws IOException {
        Path pkg = writeSample("V4b");
        Files.delete(pkg.resolve(EvidencePackageWriter.SIGNATURE));
        assertTrue(verifier.verify(pkg).has(Kind.SIGNATURE_MISSING, EvidencePackageWriter.SIGNATURE));
    }

    @Test
    void existingPackageIsNeverOverwritten() throws IOException {
        Path pkg = writeSample("V5");
        byte[] manifestBefore = Files.readAllBytes(pkg.resolve(EvidencePackageWriter.MANIFEST));
        EvidencePackageWriter other = new EvidencePackageWriter(root,
                new ManifestSigner(ManifestSigner.generate().getPrivate()));
        EvidenceWriteException e = assertThrows(EvidenceWriteException.class, () -> other.write(
                EvidenceManifestTest.sample("V5"), List.of(EvidenceFile.bytes("x.txt", new byte[] {1}))));
        assertTrue(e.getMessage().contains("cam-1/V5") && e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(manifestBefore, Files.readAllBytes(pkg.resolve(EvidencePackageWriter.MANIFEST)));
        assertTrue(verifier.verify(pkg).ok());
        assertEquals(List.of("V5"), names(pkg.getParent()));
    }

    @Test
    void failureMidwayLeavesNothing() throws IOException {
        Path missingClip = dir.resolve("no-such-clip.mp4");
        List<EvidenceFile> files = List.of(EvidenceFile.jpeg("overview-1.jpg", overview),
                EvidenceFile.bytes("plate.txt", new byte[] {1, 2}), EvidenceFile.copyOf("clip.mp4", missingClip));
        EvidenceManifest manifest = EvidenceManifestTest.sample("V6");
        EvidenceWriteException e = assertThrows(EvidenceWriteException.class, () -> writer.write(manifest, files));
        assertTrue(e.getMessage().contains("cam-1/V6"), e.getMessage());
        assertTrue(e.getMessage().contains(missingClip.toString()), e.getMessage());
        Path day = writer.packageDir(manifest).getParent();
        assertEquals(List.of(), names(day)); // neither the package nor its temporary directory
    }

    @Test
    void emptyImageFailsAndLeavesNothing() throws IOException {
        EvidenceManifest manifest = EvidenceManifestTest.sample("V6b");
        Mat empty = new Mat();
        assertThrows(EvidenceWriteException.class, () -> writer.write(manifest,
                List.of(EvidenceFile.bytes("a.txt", new byte[] {1}), EvidenceFile.jpeg("b.jpg", empty))));
        assertEquals(List.of(), names(writer.packageDir(manifest).getParent()));
    }

    @Test
    void unwritableRootFailsWithThePackageNamed() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        EvidencePackageWriter blocked = new EvidencePackageWriter(notADirectory,
                new ManifestSigner(keys.getPrivate()));
        EvidenceWriteException e = assertThrows(EvidenceWriteException.class,
                () -> blocked.write(EvidenceManifestTest.sample("V7"), files()));
        assertTrue(e.getMessage().contains("cam-1/V7"), e.getMessage());
        assertEquals("x", Files.readString(notADirectory));
    }

    @Test
    void unsafeNamesAreRejected() {
        EvidenceManifest manifest = EvidenceManifestTest.sample("V8");
        assertThrows(EvidenceWriteException.class,
                () -> writer.write(manifest, List.of(EvidenceFile.bytes("../escape.txt", new byte[] {1}))));
        assertThrows(EvidenceWriteException.class,
                () -> writer.write(manifest, List.of(EvidenceFile.bytes("manifest.json", new byte[] {1}))));
        assertThrows(EvidenceWriteException.class, () -> writer.write(manifest,
                List.of(EvidenceFile.bytes("a.txt", new byte[] {1}), EvidenceFile.bytes("a.txt", new byte[] {2}))));
        assertThrows(EvidenceWriteException.class, () -> writer.write(EvidenceManifestTest.sample("../V8"), files()));
        assertFalse(Files.exists(root));
    }

    private VerificationResult verifyWithManifestEdited(String violationId, UnaryOperator<String> edit)
            throws IOException {
        Path pkg = writeSample(violationId);
        Path manifest = pkg.resolve(EvidencePackageWriter.MANIFEST);
        Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        return verifier.verify(pkg);
    }

    private static void flipByte(Path file, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at] ^= 0x01;
        Files.write(file, bytes);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
