package vn.wardwatch.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.util.DurableFiles;

/**
 * Writes evidence packages to {@code <root>/<camera id>/<local date>/<violation id>/}, all or nothing: every file goes
 * into a temporary directory beside the target (same file system, so the final rename is atomic), each file and the
 * directory are forced to disk, then the directory is renamed into place. A crash or error therefore leaves either
 * the complete signed package or no package; a package once stored is never replaced.
 *
 * <p>Each package holds its files, {@code manifest.json} (the manifest's canonical bytes, see
 * {@link EvidenceManifest}) and {@code manifest.sig}: the Ed25519 signature of those bytes, standard base64 on one
 * line followed by a newline.
 *
 * <p>One writer per root is assumed: the "already exists" check and the rename are not one atomic step.
 */
public final class EvidencePackageWriter {

    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    /** Where startup recovery moves the temporary directories a killed process left: {@code <root>/.incomplete/}. */
    public static final String INCOMPLETE = ".incomplete";
    /** Working files (clips being encoded) of the recorder: {@code <root>/.work/}, emptied at startup. */
    public static final String WORK = ".work";

    private static final Logger LOG = LoggerFactory.getLogger(EvidencePackageWriter.class);
    // Names become path segments: no separators, no "..", nothing a shell or a zip tool would trip on.
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int COPY_BUFFER = 1 << 16;

    private final Path root;
    private final ManifestSigner signer;
    /** Issue 8: refuses a package when the volume is below the evidence reserve; null when unguarded. */
    private volatile vn.wardwatch.disk.DiskGuard guard;

    public EvidencePackageWriter(Path root, ManifestSigner signer) {
        this.root = root.toAbsolutePath().normalize();
        this.signer = signer;
    }

    /** Checks free space before every package (issue 8): below the evidence reserve, {@link #write} fails. */
    public void guardSpace(vn.wardwatch.disk.DiskGuard guard) {
        this.guard = guard;
    }

    /** Where the package of {@code manifest} is (or would be) stored. */
    public Path packageDir(EvidenceManifest manifest) {
        return root.resolve(checkedName(manifest.cameraId(), "camera id"))
                .resolve(manifest.localTime().toLocalDate().toString())
                .resolve(checkedName(manifest.violationId(), "violation id"));
    }

    /**
     * Writes the files, then the manifest listing them (its own file list is ignored) and its signature.
     *
     * @return the package directory
     * @throws EvidenceWriteException when the package exists already or anything fails (disk full, unreadable
     *                                source, image that cannot be encoded); no temporary directory is left behind
     */
    public Path write(EvidenceManifest manifest, List<EvidenceFile> files) throws EvidenceWriteException {
        String label = manifest.cameraId() + "/" + manifest.violationId();
        Path target;
        try {
            target = packageDir(manifest);
            checkFileNames(files);
        } catch (IllegalArgumentException e) {
            throw new EvidenceWriteException("evidence package " + label + ": " + e.getMessage(), e);
        }
        vn.wardwatch.disk.DiskGuard g = guard;
        if (g != null) {
            g.checkEvidenceWrite(target);
        }
        if (Files.exists(target)) {
            throw new EvidenceWriteException("evidence package " + label + " already exists at " + target
                    + "; not overwriting", null);
        }
        Path temp = null;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, "." + manifest.violationId() + ".tmp-");
            List<EvidenceManifest.FileEntry> entries = new ArrayList<>();
            for (EvidenceFile file : files) {
                entries.add(writeFile(temp.resolve(file.name()), file));
            }
            byte[] canonical = manifest.withFiles(entries).canonicalBytes();
            writeBytes(temp.resolve(MANIFEST), canonical);
            String signature = Base64.getEncoder().encodeToString(signer.sign(canonical)) + "\n";
            writeBytes(temp.resolve(SIGNATURE), signature.getBytes(StandardCharsets.US_ASCII));
            DurableFiles.forceDirectory(temp);
            if (Files.exists(target)) {
                throw new IOException("appeared while writing; not overwriting " + target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            DurableFiles.forceDirectory(parent); // makes the rename itself durable
            LOG.info("Stored evidence package {} ({} files) at {}", label, entries.size(), target);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw new EvidenceWriteException("evidence package " + label + " could not be written: " + e, e);
        }
    }

    /**
     * Startup recovery, before anything is written: a process killed mid-write leaves its temporary directory
     * ({@code <camera>/<date>/.<id>.tmp-*}) beside the packages. No row points at it and it was never signed as
     * complete, so it is moved to {@code <root>/.incomplete/<camera>/<date>/} and logged: out of the evidence tree,
     * never deleted silently. Working files under {@code <root>/.work/} (clips being encoded, not evidence yet) are
     * deleted, with a log line.
     *
     * @return the package directories moved, at their new place
     */
    public List<Path> recoverAtStartup() throws IOException {
        List<Path> moved = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return moved;
        }
        Path work = root.resolve(WORK);
        if (Files.isDirectory(work)) {
            for (Path leftover : list(work)) {
                LOG.warn("Deleting {}: a clip being encoded when the previous process stopped (not evidence yet)",
                        leftover);
                deleteQuietly(leftover);
            }
        }
        for (Path camera : list(root)) {
            if (camera.getFileName().toString().startsWith(".") || !Files.isDirectory(camera)) {
                continue; // .incomplete, .work, and anything that is not a camera's folder
            }
            for (Path day : list(camera)) {
                if (!Files.isDirectory(day)) {
                    continue;
                }
                for (Path entry : list(day)) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(".") || !name.contains(".tmp-") || !Files.isDirectory(entry)) {
                        continue;
                    }
                    Path target = root.resolve(INCOMPLETE).resolve(root.relativize(entry));
                    Files.createDirectories(target.getParent());
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                    LOG.warn("Incomplete evidence package {} (its writer stopped mid-write) moved to {}", entry,
                            target);
                    moved.add(target);
                }
            }
        }
        return moved;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static EvidenceManifest.FileEntry writeFile(Path path, EvidenceFile file) throws IOException {
        if (file instanceof EvidenceFile.Bytes b) {
            return writeBytes(path, b.data());
        }
        if (file instanceof EvidenceFile.Jpeg j) {
            return writeBytes(path, encodeJpeg(j));
        }
        return copy(path, ((EvidenceFile.Copy) file).source());
    }

    private static byte[] encodeJpeg(EvidenceFile.Jpeg jpeg) throws IOException {
        if (jpeg.image().empty()) {
            throw new IOException("image for " + jpeg.name() + " is empty");
        }
        MatOfByte buffer = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", jpeg.image(), buffer)) {
                throw new IOException("image for " + jpeg.name() + " could not be encoded as JPEG");
            }
            return buffer.toArray();
        } finally {
            buffer.release();
        }
    }

    private static EvidenceManifest.FileEntry writeBytes(Path path, byte[] data) throws IOException {
        MessageDigest sha = sha256();
        DurableFiles.write(path, data, StandardOpenOption.CREATE_NEW);
        sha.update(data);
        return new EvidenceManifest.FileEntry(path.getFileName().toString(), data.length, hex(sha));
    }

    private static EvidenceManifest.FileEntry copy(Path path, Path source) throws IOException {
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(source);
                FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] chunk = new byte[COPY_BUFFER];
            for (int n; (n = in.read(chunk)) > 0; ) {
                sha.update(chunk, 0, n);
                DurableFiles.writeAll(out, ByteBuffer.wrap(chunk, 0, n));
                size += n;
            }
            out.force(true);
        }
        return new EvidenceManifest.FileEntry(path.getFileName().toString(), size, hex(sha));
    }

    private static void checkFileNames(List<EvidenceFile> files) {
        Set<String> seen = new HashSet<>();
        for (EvidenceFile f : files) {
            String name = checkedName(f.name(), "file name");
            if (name.equals(MANIFEST) || name.equals(SIGNATURE)) {
                throw new IllegalArgumentException("file name " + name + " is reserved");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("file name " + name + " given twice");
            }
        }
    }

    private static String checkedName(String name, String what) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a plain name ([A-Za-z0-9._-])");
        }
        return name;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove temporary evidence directory {}: {}", dir, e.toString());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
