package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the common YOLO ONNX exports with COCO-80 classes and boxes as centre x, centre y, width, height in
 * input pixels.
 * <ul>
 *   <li>YOLOv5 {@code [1,N,85]}: per row cx, cy, w, h, objectness, 80 class scores; score = objectness x class.</li>
 *   <li>YOLOv8 {@code [1,84,N]}: transposed, per column cx, cy, w, h, 80 class scores; no objectness.</li>
 * </ul>
 */
public final class YoloDecoder implements OutputDecoder {

    public enum Layout { V5, V8 }

    private final Layout layout;

    public YoloDecoder(Layout layout) {
        this.layout = layout;
    }

    private int attributes() {
        return layout == Layout.V5 ? 5 + CocoClasses.COUNT : 4 + CocoClasses.COUNT;
    }

    @Override
    public void checkOutputShapes(List<long[]> shapes) {
        long[] s = shapes.isEmpty() ? new long[0] : shapes.get(0);
        int attrDim = layout == Layout.V5 ? 2 : 1;
        if (s.length != 3 || s[attrDim] != attributes()) {
            String expected = layout == Layout.V5 ? "[1,N,85]" : "[1,84,N]";
            throw new IllegalArgumentException("yolo" + layout.name().toLowerCase() + " expects a first output "
                    + expected + ", model has " + NanoDetDecoder.describe(shapes));
        }
    }

    @Override
    public List<Detection> decode(List<OutputTensor> outputs, double minScore) {
        OutputTensor out = outputs.get(0);
        checkOutputShapes(List.of(out.shape()));
        float[] d = out.data();
        int attrs = attributes();
        int n = (int) (layout == Layout.V5 ? out.dim(1) : out.dim(2));
        // Element (box i, attribute a): row-major [N,attrs] for v5, [attrs,N] for v8.
        int boxStep = layout == Layout.V5 ? attrs : 1;
        int attrStep = layout == Layout.V5 ? 1 : n;
        int classOffset = layout == Layout.V5 ? 5 : 4;
        List<Detection> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int base = i * boxStep;
            double objectness = layout == Layout.V5 ? d[base + 4 * attrStep] : 1.0;
            if (objectness < minScore) {
                continue; // the class score cannot exceed objectness
            }
            BoundingBox box = null;
            for (int id : CocoClasses.keptIds()) {
                double score = objectness * d[base + (classOffset + id) * attrStep];
                if (score < minScore) {
                    continue;
                }
                if (box == null) {
                    double cx = d[base];
                    double cy = d[base + attrStep];
                    double w = d[base + 2 * attrStep];
                    double h = d[base + 3 * attrStep];
                    box = new BoundingBox(cx - w / 2, cy - h / 2, w, h);
                }
                result.add(new Detection(CocoClasses.toObjectClass(id), score, box));
            }
        }
        return result;
    }
}
