package vn.wardwatch.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencv.core.Mat;
import vn.wardwatch.config.DetectorConfig;

/**
 * A detector running an ONNX model with ONNX Runtime. One instance (one session) serves all cameras:
 * {@link OrtSession#run} is thread-safe and every call uses its own buffers.
 */
public final class OnnxDetector implements Detector {

    private final DetectorConfig config;
    private final OutputDecoder decoder;
    private final String type;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String modelName;

    public OnnxDetector(DetectorConfig config) {
        this.config = config;
        this.type = config.type().toLowerCase(Locale.ROOT);
        this.decoder = switch (type) {
            case "nanodet" -> new NanoDetDecoder(config.inputWidth(), config.inputHeight());
            case "centernet" -> new CenterNetDecoder(config.inputWidth(), config.inputHeight());
            case "yolov5" -> new YoloDecoder(YoloDecoder.Layout.V5);
            case "yolov8" -> new YoloDecoder(YoloDecoder.Layout.V8);
            default -> throw new IllegalArgumentException(
                    "unknown detector type '" + config.type() + "': use nanodet, centernet, yolov5 or yolov8");
        };
        Path model = config.model();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("model file " + model + " not found: run ./scripts/setup-models.sh");
        }
        String file = model.getFileName().toString();
        this.modelName = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        this.env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, config.threads()));
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Pool threads must not spin between runs: with several cameras that burns a core for nothing.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = env.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + model + ": " + e.getMessage(), e);
        }
        try {
            this.inputName = checkShapes();
        } catch (RuntimeException | OrtException e) {
            close();
            throw e instanceof RuntimeException re ? re
                    : new IllegalStateException("cannot read model " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the model takes [1,3,H,W] (CenterNet: NHWC [1,H,W,3]) at the configured size and has outputs the
     * decoder understands.
     */
    private String checkShapes() throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model " + config.model() + " has " + inputs.size()
                    + " inputs, expected one image input");
        }
        NodeInfo input = inputs.values().iterator().next();
        long[] shape = ((TensorInfo) input.getInfo()).getShape();
        long[] expected = inputShape();
        boolean fits = shape.length == 4;
        for (int i = 0; fits && i < 4; i++) {
            fits = shape[i] < 0 || shape[i] == expected[i]; // negative = dynamic dimension
        }
        if (!fits) {
            throw new IllegalArgumentException("model " + config.model() + " has input shape "
                    + Arrays.toString(shape) + " but detector type " + config.type() + " is configured for "
                    + Arrays.toString(expected) + (nhwc() ? " (NHWC)" : " (NCHW)"));
        }
        List<long[]> outputShapes = new ArrayList<>();
        for (NodeInfo info : session.getOutputInfo().values()) {
            outputShapes.add(((TensorInfo) info.getInfo()).getShape());
        }
        try {
            decoder.checkOutputShapes(outputShapes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + config.model() + " does not fit detector type "
                    + config.type() + ": " + e.getMessage(), e);
        }
        return input.getName();
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        return detect(bgr, config.scoreThreshold());
    }

    /**
     * Like {@link #detect(Mat)} with another minimum score, for callers whose per-class thresholds go below the
     * detector's default.
     */
    public List<Detection> detect(Mat bgr, double minScore) {
        int w = config.inputWidth();
        int h = config.inputHeight();
        float[] input = new float[3 * w * h];
        InputMapping mapping = switch (type) {
            case "nanodet" -> ImagePreprocessor.stretchNormalized(bgr, w, h, ImagePreprocessor.NANODET_MEAN,
                    ImagePreprocessor.NANODET_STD, input);
            case "centernet" -> ImagePreprocessor.stretchRgbHwc(bgr, w, h, input);
            default -> ImagePreprocessor.letterboxRgb(bgr, w, h, input);
        };
        List<OutputTensor> outputs = run(input);
        List<Detection> candidates = decoder.decode(outputs, minScore);
        List<Detection> mapped = new ArrayList<>(candidates.size());
        for (Detection d : candidates) {
            BoundingBox box = mapping.toFrame(d.box()).clip(bgr.cols(), bgr.rows());
            if (box.area() > 0) {
                mapped.add(new Detection(d.objectClass(), d.score(), box));
            }
        }
        return Nms.apply(mapped, config.nmsIou());
    }

    /** CenterNet's graph takes NHWC RGB 0-255, as exported; the others NCHW. */
    private boolean nhwc() {
        return type.equals("centernet");
    }

    private long[] inputShape() {
        return nhwc() ? new long[] {1, config.inputHeight(), config.inputWidth(), 3}
                : new long[] {1, 3, config.inputHeight(), config.inputWidth()};
    }

    /** Runs the model on one input (NCHW, or NHWC for CenterNet) and copies every output out of native memory. */
    List<OutputTensor> run(float[] input) {
        long[] shape = inputShape();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            List<OutputTensor> outputs = new ArrayList<>(result.size());
            for (Map.Entry<String, OnnxValue> e : result) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                FloatBuffer fb = t.getFloatBuffer();
                float[] data = new float[fb.remaining()];
                fb.get(data);
                outputs.add(new OutputTensor(e.getKey(), t.getInfo().getShape(), data));
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalStateException("inference with " + modelName + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String modelName() {
        return modelName;
    }

    public DetectorConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX Runtime session: " + e.getMessage(), e);
        }
        // The OrtEnvironment is a process-wide singleton shared with other sessions (plate OCR): not closed here.
    }
}
