package vn.wardwatch.config;

import java.nio.file.Path;
import java.util.Map;
import vn.wardwatch.detect.ObjectClass;

/**
 * The shared detector.
 *
 * @param type          output decoder: {@code nanodet}, {@code centernet} (NHWC heatmap + wh), {@code yolov5}
 *                      ([1,N,85]) or {@code yolov8} ([1,84,N])
 * @param model         ONNX model file
 * @param inputWidth    model input width in pixels
 * @param inputHeight   model input height in pixels
 * @param threads       ONNX Runtime intra-op threads
 * @param scoreThreshold default minimum score of the classes without a threshold of their own
 * @param nmsIou        IoU above which boxes of one class are suppressed
 * @param thresholds    per-class minimum scores of this model (its scores are calibrated differently per class);
 *                      every camera starts from them and may override them class by class
 */
public record DetectorConfig(String type, Path model, int inputWidth, int inputHeight, int threads,
                             double scoreThreshold, double nmsIou, Map<ObjectClass, Double> thresholds) {

    public DetectorConfig {
        thresholds = Map.copyOf(thresholds);
    }

    /** A detector with one threshold for every class. */
    public DetectorConfig(String type, Path model, int inputWidth, int inputHeight, int threads,
                          double scoreThreshold, double nmsIou) {
        this(type, model, inputWidth, inputHeight, threads, scoreThreshold, nmsIou, Map.of());
    }

    /** The minimum score of {@code c}: its own threshold, else the default. */
    public double threshold(ObjectClass c) {
        return thresholds.getOrDefault(c, scoreThreshold);
    }
}
