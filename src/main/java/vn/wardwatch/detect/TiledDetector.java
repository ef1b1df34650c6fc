package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Runs another detector on the whole frame and on a grid of overlapping tiles cut from the frame at its own
 * resolution, so small objects reach the model with more pixels; merges the results with per-class NMS.
 * <p>
 * Tiles cut objects: a tile box that touches an inner tile edge (one that is not the frame border) is dropped, since
 * the whole-frame pass or a neighbouring tile sees that object whole. Optionally only small tile boxes are kept
 * (large objects already have enough pixels in the whole frame, and a large box from a tile is often a part of a
 * bigger object).
 * <p>
 * Thread-safe when the inner detector is: it holds no state between calls.
 */
public final class TiledDetector implements Detector {

    /** A tile box ending this close (in pixels) to an inner tile edge counts as cut by it. */
    static final double EDGE_MARGIN = 2.0;

    /** Two boxes of one class whose overlap covers this share of the smaller one are one object (or a part). */
    static final double SAME_OBJECT_COVER = 0.7;

    /** A tile: top-left corner and size in frame pixels. */
    public record Tile(int x, int y, int width, int height) {

        public Rect rect() {
            return new Rect(x, y, width, height);
        }
    }

    /**
     * How to tile.
     *
     * @param columns        tiles across (>= 1)
     * @param rows           tiles down (>= 1)
     * @param overlap        share of a tile's width/height shared with its neighbour, 0 to < 1
     * @param maxTileObject  longest side (frame pixels) a tile box may have to be kept; 0 keeps every size
     * @param nmsIou         IoU above which boxes of one class, from whole frame and tiles, are one object
     */
    public record Settings(int columns, int rows, double overlap, double maxTileObject, double nmsIou) {

        public Settings {
            if (columns < 1 || rows < 1) {
                throw new IllegalArgumentException("tile grid must be at least 1x1, got " + columns + "x" + rows);
            }
            if (overlap < 0 || overlap >= 1) {
                throw new IllegalArgumentException("tile overlap must be in [0, 1), got " + overlap);
            }
            if (maxTileObject < 0) {
                throw new IllegalArgumentException("max tile object size must be >= 0, got " + maxTileObject);
            }
        }
    }

    private final Detector inner;
    private final Settings settings;

    public TiledDetector(Detector inner, Settings settings) {
        this.inner = inner;
        this.settings = settings;
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        return detect(bgr, inner::detect);
    }

    @Override
    public List<Detection> detect(Mat bgr, double minScore) {
        return detect(bgr, m -> inner.detect(m, minScore));
    }

    private List<Detection> detect(Mat bgr, Function<Mat, List<Detection>> pass) {
        int w = bgr.cols();
        int h = bgr.rows();
        List<Detection> whole = pass.apply(bgr);
        List<Detection> fromTiles = new ArrayList<>();
        for (Tile t : layout(w, h, settings.columns(), settings.rows(), settings.overlap())) {
            Mat crop = bgr.submat(t.rect()); // a view: native resolution, no copy
            try {
                fromTiles.addAll(keepFromTile(pass.apply(crop), t, w, h, settings.maxTileObject()));
            } finally {
                crop.release();
            }
        }
        return merge(whole, fromTiles, settings.nmsIou());
    }

    /**
     * Tiles of a {@code columns} x {@code rows} grid covering a {@code width} x {@code height} frame, each sharing
     * {@code overlap} of its size with its neighbour; the first and last tile of a row or column touch the frame
     * border. Row by row, left to right.
     */
    public static List<Tile> layout(int width, int height, int columns, int rows, double overlap) {
        int[][] xs = spans(width, columns, overlap);
        int[][] ys = spans(height, rows, overlap);
        List<Tile> tiles = new ArrayList<>(columns * rows);
        for (int[] y : ys) {
            for (int[] x : xs) {
                tiles.add(new Tile(x[0], y[0], x[1], y[1]));
            }
        }
        return tiles;
    }

    /** Start and length of {@code n} spans over {@code length} with the given overlap share. */
    private static int[][] spans(int length, int n, double overlap) {
        // n tiles of size s overlapping by overlap*s cover s * (n - (n-1) * overlap) = length.
        int size = Math.min(length, (int) Math.ceil(length / (n - (n - 1) * overlap)));
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int start = n == 1 ? 0 : (int) Math.round(i * (length - size) / (double) (n - 1));
            out[i] = new int[] {start, size};
        }
        return out;
    }

    /** A box found in a tile, in frame pixels. */
    public static BoundingBox toFrame(BoundingBox inTile, Tile tile) {
        return new BoundingBox(inTile.x() + tile.x(), inTile.y() + tile.y(), inTile.width(), inTile.height());
    }

    /**
     * Whether a box (tile pixels) reaches an edge of the tile that is inside the frame, i.e. the tile may have cut
     * the object. Edges on the frame border do not count: the object ends there in the whole frame too.
     */
    public static boolean touchesInnerEdge(BoundingBox inTile, Tile tile, int frameWidth, int frameHeight) {
        boolean left = tile.x() > 0 && inTile.x() <= EDGE_MARGIN;
        boolean top = tile.y() > 0 && inTile.y() <= EDGE_MARGIN;
        boolean right = tile.x() + tile.width() < frameWidth && inTile.right() >= tile.width() - EDGE_MARGIN;
        boolean bottom = tile.y() + tile.height() < frameHeight && inTile.bottom() >= tile.height() - EDGE_MARGIN;
        return left || top || right || bottom;
    }

    /**
     * The tile's detections worth merging, in frame pixels: not cut by an inner tile edge and, when
     * {@code maxObject} > 0, with a longest side of at most {@code maxObject} frame pixels.
     */
    public static List<Detection> keepFromTile(List<Detection> inTile, Tile tile, int frameWidth, int frameHeight,
                                               double maxObject) {
        List<Detection> kept = new ArrayList<>(inTile.size());
        for (Detection d : inTile) {
            if (touchesInnerEdge(d.box(), tile, frameWidth, frameHeight)) {
                continue;
            }
            if (maxObject > 0 && Math.max(d.box().width(), d.box().height()) > maxObject) {
                continue;
            }
            kept.add(new Detection(d.objectClass(), d.score(), toFrame(d.box(), tile), d.riders()));
        }
        return kept;
    }

    /**
     * Whole-frame detections plus the tile detections that add an object. A tile box is dropped when a kept box of
     * its class overlaps it by IoU above {@code nmsIou} or when either box lies mostly inside the other: a tile often
     * boxes one object a little differently, or only a part of it, and IoU alone would keep both. The whole frame's
     * box of an object wins even when the tile scored higher: on scenes-vn letting tile boxes win cost car AP
     * (docs/PERFORMANCE.md). Tile boxes are taken best first; the result is sorted by score.
     */
    public static List<Detection> merge(List<Detection> whole, List<Detection> fromTiles, double nmsIou) {
        List<Detection> kept = new ArrayList<>(whole);
        List<Detection> candidates = new ArrayList<>(fromTiles);
        candidates.sort(Comparator.comparingDouble(Detection::score).reversed());
        for (Detection t : candidates) {
            boolean duplicate = false;
            for (Detection k : kept) {
                if (k.objectClass() == t.objectClass() && (k.box().iou(t.box()) > nmsIou
                        || overlapOfSmaller(k.box(), t.box()) > SAME_OBJECT_COVER)) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(t);
            }
        }
        kept.sort(Comparator.comparingDouble(Detection::score).reversed());
        return kept;
    }

    /** Intersection over the smaller box's area: 1 when one box lies inside the other. */
    static double overlapOfSmaller(BoundingBox a, BoundingBox b) {
        double ix = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        double iy = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        return ix * iy / Math.min(a.area(), b.area());
    }

    @Override
    public String modelName() {
        return inner.modelName();
    }

    @Override
    public void close() {
        inner.close();
    }
}
