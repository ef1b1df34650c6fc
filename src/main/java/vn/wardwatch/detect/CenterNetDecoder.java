package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes CenterNet (MobileNetV3, COCO-80) outputs, both NHWC on a grid of stride 4: a class heatmap
 * {@code [1,H/4,W/4,80]} (already sigmoid) and {@code wh} {@code [1,H/4,W/4,4]}, the distances left, top, right,
 * bottom in input pixels from the peak's point {@code (4x, 4y)}. A cell is an object centre when its score is the
 * maximum of its 3x3 neighbourhood in that class (CenterNet's max-pool "NMS"); the best {@code topK} peaks are kept.
 */
public final class CenterNetDecoder implements OutputDecoder {

    public static final int STRIDE = 4;
    /** Upstream keeps 100 peaks; dense traffic (riders + motorbikes + cars) can hold more objects than that. */
    public static final int DEFAULT_TOP_K = 200;

    private final int gridWidth;
    private final int gridHeight;
    private final int topK;

    public CenterNetDecoder(int inputWidth, int inputHeight) {
        this(inputWidth, inputHeight, DEFAULT_TOP_K);
    }

    public CenterNetDecoder(int inputWidth, int inputHeight, int topK) {
        this.gridWidth = inputWidth / STRIDE;
        this.gridHeight = inputHeight / STRIDE;
        this.topK = topK;
    }

    @Override
    public void checkOutputShapes(List<long[]> shapes) {
        if (find(shapes, CocoClasses.COUNT) < 0 || find(shapes, 4) < 0) {
            throw new IllegalArgumentException("centernet expects outputs [1," + gridHeight + "," + gridWidth
                    + ",80] and [1," + gridHeight + "," + gridWidth + ",4], model has "
                    + NanoDetDecoder.describe(shapes));
        }
    }

    @Override
    public List<Detection> decode(List<OutputTensor> outputs, double minScore) {
        List<long[]> shapes = outputs.stream().map(OutputTensor::shape).toList();
        checkOutputShapes(shapes);
        float[] heat = outputs.get(find(shapes, CocoClasses.COUNT)).data();
        float[] wh = outputs.get(find(shapes, 4)).data();
        int c = CocoClasses.COUNT;
        List<Peak> peaks = new ArrayList<>();
        for (int y = 0; y < gridHeight; y++) {
            for (int x = 0; x < gridWidth; x++) {
                int cell = y * gridWidth + x;
                for (int id : CocoClasses.keptIds()) {
                    float score = heat[cell * c + id];
                    if (score >= minScore && isLocalPeak(heat, x, y, id, score)) {
                        peaks.add(new Peak(cell, id, score));
                    }
                }
            }
        }
        peaks.sort(Comparator.comparingDouble((Peak p) -> p.score).reversed());
        List<Detection> result = new ArrayList<>(Math.min(topK, peaks.size()));
        for (Peak p : peaks.subList(0, Math.min(topK, peaks.size()))) {
            double px = (p.cell % gridWidth) * STRIDE;
            double py = (p.cell / gridWidth) * STRIDE;
            int base = p.cell * 4;
            BoundingBox box = BoundingBox.fromCorners(px - wh[base], py - wh[base + 1],
                    px + wh[base + 2], py + wh[base + 3]);
            if (box.area() > 0) {
                result.add(new Detection(CocoClasses.toObjectClass(p.classId), p.score, box));
            }
        }
        return result;
    }

    /** True when no 3x3 neighbour of the same class scores higher (ties stay, as with max-pool equality). */
    private boolean isLocalPeak(float[] heat, int x, int y, int classId, float score) {
        for (int ny = Math.max(0, y - 1); ny <= Math.min(gridHeight - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(gridWidth - 1, x + 1); nx++) {
                if (heat[(ny * gridWidth + nx) * CocoClasses.COUNT + classId] > score) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Index of the first rank-4 output whose last dimension is {@code channels} and whose grid matches. */
    private int find(List<long[]> shapes, int channels) {
        for (int i = 0; i < shapes.size(); i++) {
            long[] s = shapes.get(i);
            if (s.length == 4 && s[3] == channels && (s[1] == gridHeight || s[1] < 0) && (s[2] == gridWidth || s[2] < 0)) {
                return i;
            }
        }
        return -1;
    }

    private record Peak(int cell, int classId, float score) {
    }
}
