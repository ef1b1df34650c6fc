package vn.wardwatch.plate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import vn.wardwatch.detect.OrtRuntime;

/** One PP-OCRv4 model from the classpath on ONNX Runtime: one float input, one float output. */
final class OcrSession implements AutoCloseable {

    /** A model output copied out of native memory. */
    record Output(float[] values, long[] shape) {
    }

    private final String resource;
    private final OrtSession session;
    private final String inputName;

    OcrSession(String resource) {
        this.resource = resource;
        this.session = PaddleOcrModels.session(resource);
        this.inputName = session.getInputNames().iterator().next();
    }

    Output run(float[] input, long[] shape) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            return new Output(values, out.getInfo().getShape());
        } catch (OrtException e) {
            throw new IllegalStateException("inference with " + resource + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the session of " + resource + ": " + e.getMessage(), e);
        }
    }
}
