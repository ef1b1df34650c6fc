package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes CenterNet (MobileNetV3, COCO-80) outputs, both NHWC on a grid of stride 4: a class heatmap
 * {@code [1,H/4,W/4,80]} (already sigmoid) and {@code wh} {@code [1,H/4,W/4,4]}, the distances left, top, right,
 * bottom in input pixels from the peak's point {@code (4x, 4y)}. A cell is an object centre when its score is the
 * maximum of its 3x3 neighbourhood in that class (CenterNet's max-pool "NMS"); the best {@code topK} peaks are kept.
 *
 * <p><b>Sub-cell centres.</b> A grid cell is 4 input pixels (5.7 frame pixels for a 640 px frame at 448), a large
 * step for a rider ~20 px wide. The heatmap was trained on a Gaussian around each object's true centre, so the
 * heat of the peak's neighbours says where inside the cell that centre lies. For persons, cars, buses and trucks
 * the box is placed around the heat-weighted centroid of the 3x3 cells that score at least half the peak (the
 * Gaussian's core, full width at half maximum: a weaker cell is more likely the tail of a neighbouring object),
 * keeping the peak's own distances to the four sides. The boxes move by about a pixel, without bias. Measured on
 * scenes-vn (docs/PERFORMANCE.md, "Two-wheelers"): motorbike AP50 0.429 -> 0.451 (the merged box's top comes from
 * the rider's box), car 0.577 -> 0.594, both halves of the frames better. Motorcycle and bicycle peaks are left on
 * their cell: refining them measured worse after the rider merge (0.451 -> 0.412).
 */
public final class CenterNetDecoder implements OutputDecoder {

    public static final int STRIDE = 4;
    /** Upstream keeps 100 peaks; dense traffic (riders + motorbikes + cars) can hold more objects than that. */
    public static final int DEFAULT_TOP_K = 200;

    /**
     * Neighbours of a peak scoring at least this part of it place the sub-cell centre (half maximum). Measured
     * motorbike AP50 for 0.3 / 0.4 / 0.5 / 0.6 / 0.7: 0.432 / 0.435 / 0.451 / 0.445 / 0.447 (0.429 unrefined).
     */
    static final double SUB_CELL_MIN_RELATIVE_HEAT = 0.5;

    /** COCO ids whose peaks get a sub-cell centre: person, car, bus, truck (not the two-wheelers: see above). */
    private static final boolean[] SUB_CELL = new boolean[CocoClasses.COUNT];

    static {
        SUB_CELL[0] = true;
        SUB_CELL[2] = true;
        SUB_CELL[5] = true;
        SUB_CELL[7] = true;
    }

    private final int gridWidth;
    private final int gridHeight;
    private final int topK;
    private final boolean subCell;

    public CenterNetDecoder(int inputWidth, int inputHeight) {
        this(inputWidth, inputHeight, DEFAULT_TOP_K, true);
    }

    /** @param subCell false to keep every box on its peak's cell (upstream CenterNet decoding) */
    public CenterNetDecoder(int inputWidth, int inputHeight, int topK, boolean subCell) {
        this.gridWidth = inputWidth / STRIDE;
        this.gridHeight = inputHeight / STRIDE;
        this.topK = topK;
        this.subCell = subCell;
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
            int x = p.cell % gridWidth;
            int y = p.cell / gridWidth;
            double px = x * STRIDE;
            double py = y * STRIDE;
            if (subCell && SUB_CELL[p.classId]) {
                double[] centre = subCellCentre(heat, x, y, p.classId, p.score);
                px = centre[0] * STRIDE;
                py = centre[1] * STRIDE;
            }
            int base = p.cell * 4;
            BoundingBox box = BoundingBox.fromCorners(px - wh[base], py - wh[base + 1],
                    px + wh[base + 2], py + wh[base + 3]);
            if (box.area() > 0) {
                result.add(new Detection(CocoClasses.toObjectClass(p.classId), p.score, box));
            }
        }
        return result;
    }

    /**
     * The object's centre in grid units: the heat-weighted centroid of the 3x3 cells around the peak {@code (x, y)}
     * that score at least {@link #SUB_CELL_MIN_RELATIVE_HEAT} of it (the peak itself always does).
     */
    double[] subCellCentre(float[] heat, int x, int y, int classId, double peak) {
        double min = SUB_CELL_MIN_RELATIVE_HEAT * peak;
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int ny = Math.max(0, y - 1); ny <= Math.min(gridHeight - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(gridWidth - 1, x + 1); nx++) {
                double h = heat[(ny * gridWidth + nx) * CocoClasses.COUNT + classId];
                if (h >= min) {
                    sum += h;
                    sx += h * nx;
                    sy += h * ny;
                }
            }
        }
        return sum > 0 ? new double[] {sx / sum, sy / sum} : new double[] {x, y};
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
