package vn.wardwatch.config;

import java.nio.file.Path;

/**
 * The shared detector.
 *
 * @param type          output decoder: {@code nanodet}, {@code centernet} (NHWC heatmap + wh), {@code yolov5}
 *                      ([1,N,85]) or {@code yolov8} ([1,84,N])
 * @param model         ONNX model file
 * @param inputWidth    model input width in pixels
 * @param inputHeight   model input height in pixels
 * @param threads       ONNX Runtime intra-op threads
 * @param scoreThreshold default minimum score (per-camera thresholds may raise or lower it per class)
 * @param nmsIou        IoU above which boxes of one class are suppressed
 */
public record DetectorConfig(String type, Path model, int inputWidth, int inputHeight, int threads,
                             double scoreThreshold, double nmsIou) {
}
