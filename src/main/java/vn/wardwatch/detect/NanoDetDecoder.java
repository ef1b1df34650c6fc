package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes NanoDet (GFL head) outputs: class scores {@code [1,N,80]} (already sigmoid) and box distributions
 * {@code [1,N,4*bins]}. Cells run over strides 8, 16, 32, row-major within each stride. Each side's distance is the
 * expected bin index of a softmax over the bins, times the stride, measured from the cell centre.
 */
public final class NanoDetDecoder implements OutputDecoder {

    public static final int[] STRIDES = {8, 16, 32};
    public static final int BINS = 11;

    private final int inputWidth;
    private final int inputHeight;
    private final int cells;

    public NanoDetDecoder(int inputWidth, int inputHeight) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        int n = 0;
        for (int s : STRIDES) {
            n += gridWidth(s) * gridHeight(s);
        }
        this.cells = n;
    }

    /** Number of cells (N) the outputs must have for this input size, e.g. 3549 for 416x416. */
    public int cells() {
        return cells;
    }

    private int gridWidth(int stride) {
        return (inputWidth + stride - 1) / stride;
    }

    private int gridHeight(int stride) {
        return (inputHeight + stride - 1) / stride;
    }

    @Override
    public void checkOutputShapes(List<long[]> shapes) {
        if (find(shapes, CocoClasses.COUNT) < 0 || find(shapes, 4 * BINS) < 0) {
            throw new IllegalArgumentException("nanodet expects outputs [1," + cells + ",80] and [1," + cells + ","
                    + 4 * BINS + "], model has " + describe(shapes));
        }
        for (long[] s : shapes) {
            if (s.length == 3 && s[1] > 0 && s[1] != cells) {
                throw new IllegalArgumentException("nanodet at " + inputWidth + "x" + inputHeight + " expects "
                        + cells + " cells, model has " + describe(shapes));
            }
        }
    }

    @Override
    public List<Detection> decode(List<OutputTensor> outputs, double minScore) {
        List<long[]> shapes = outputs.stream().map(OutputTensor::shape).toList();
        checkOutputShapes(shapes);
        float[] scores = outputs.get(find(shapes, CocoClasses.COUNT)).data();
        float[] dist = outputs.get(find(shapes, 4 * BINS)).data();
        int[] kept = CocoClasses.keptIds();
        List<Detection> result = new ArrayList<>();
        int cell = 0;
        for (int stride : STRIDES) {
            int gw = gridWidth(stride);
            int gh = gridHeight(stride);
            for (int row = 0; row < gh; row++) {
                for (int col = 0; col < gw; col++, cell++) {
                    BoundingBox box = null; // decoded only for cells with a candidate
                    for (int id : kept) {
                        float score = scores[cell * CocoClasses.COUNT + id];
                        if (score < minScore) {
                            continue;
                        }
                        if (box == null) {
                            box = cellBox(dist, cell, col, row, stride);
                        }
                        result.add(new Detection(CocoClasses.toObjectClass(id), score, box));
                    }
                }
            }
        }
        return result;
    }

    private static BoundingBox cellBox(float[] dist, int cell, int col, int row, int stride) {
        double cx = (col + 0.5) * stride;
        double cy = (row + 0.5) * stride;
        int base = cell * 4 * BINS;
        double left = expectedBin(dist, base) * stride;
        double top = expectedBin(dist, base + BINS) * stride;
        double right = expectedBin(dist, base + 2 * BINS) * stride;
        double bottom = expectedBin(dist, base + 3 * BINS) * stride;
        return BoundingBox.fromCorners(cx - left, cy - top, cx + right, cy + bottom);
    }

    /** Softmax over {@link #BINS} logits starting at {@code from}, then the expected bin index. */
    static double expectedBin(float[] logits, int from) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < BINS; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < BINS; i++) {
            double e = Math.exp(logits[from + i] - max); // minus max: no overflow
            sum += e;
            weighted += e * i;
        }
        return weighted / sum;
    }

    private static int find(List<long[]> shapes, int lastDim) {
        for (int i = 0; i < shapes.size(); i++) {
            long[] s = shapes.get(i);
            if (s.length == 3 && s[2] == lastDim) {
                return i;
            }
        }
        return -1;
    }

    static String describe(List<long[]> shapes) {
        return shapes.stream().map(Arrays::toString).toList().toString();
    }
}
