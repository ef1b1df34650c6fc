package vn.wardwatch.detect;

import vn.wardwatch.config.DetectorConfig;

/** Builds the shared detector from configuration. */
public final class DetectorFactory {

    private DetectorFactory() {
    }

    /** All supported types ({@code nanodet}, {@code centernet}, {@code yolov5}, {@code yolov8}) run as ONNX models. */
    public static Detector create(DetectorConfig config) {
        return new OnnxDetector(config);
    }
}
