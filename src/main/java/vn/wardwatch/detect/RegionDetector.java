package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.detect.TiledDetector.Tile;

/**
 * Detection for the live pipeline with more pixels where something is, as Frigate does: the whole frame, plus square
 * crops at the frame's own resolution around clusters of small regions of interest (motion blobs, live tracks'
 * boxes). A model with a 416 px input then sees a 416 px crop of a 640 px frame 1:1 instead of shrunk by 0.65.
 * <p>
 * Crop boxes cut by a crop edge inside the frame are dropped (the whole frame sees that object whole), then
 * whole-frame and crop boxes are merged as {@link TiledDetector#merge} does. At most {@code maxCrops} crops per
 * frame keep the cost bounded.
 * <p>
 * One instance per camera: {@link #setRegions} holds the regions for that camera's next frame, so it is not
 * thread-safe. The inner detector is shared and is not closed by {@link #close()}.
 */
public final class RegionDetector implements Detector {

    /**
     * @param cropSize   side of a square crop in frame pixels, e.g. the model's input size
     * @param maxCrops   crops per frame at most (cost: 1 + maxCrops model runs)
     * @param maxRegion  regions with a longer side above this (frame pixels) get no crop: they have enough pixels
     *                   in the whole frame
     * @param nmsIou     IoU above which boxes of one class are one object
     */
    public record Settings(int cropSize, int maxCrops, double maxRegion, double nmsIou) {

        public Settings {
            if (cropSize < 32 || maxCrops < 0 || maxRegion <= 0) {
                throw new IllegalArgumentException("need crop size >= 32, max crops >= 0, max region > 0; got "
                        + cropSize + ", " + maxCrops + ", " + maxRegion);
            }
        }
    }

    private final Detector inner;
    private final Settings settings;
    private List<BoundingBox> regions = List.of();

    public RegionDetector(Detector inner, Settings settings) {
        this.inner = inner;
        this.settings = settings;
    }

    /** Regions of interest (frame pixels) for the next {@code detect} call. */
    public void setRegions(List<BoundingBox> regions) {
        this.regions = List.copyOf(regions);
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        return detect(bgr, -1);
    }

    @Override
    public List<Detection> detect(Mat bgr, double minScore) {
        int w = bgr.cols();
        int h = bgr.rows();
        List<Detection> whole = run(bgr, minScore);
        List<Detection> fromCrops = new ArrayList<>();
        for (Tile crop : crops(regions, w, h, settings.cropSize(), settings.maxCrops(), settings.maxRegion())) {
            Mat view = bgr.submat(crop.rect()); // a view at native resolution, no copy
            try {
                fromCrops.addAll(TiledDetector.keepFromTile(run(view, minScore), crop, w, h, 0));
            } finally {
                view.release();
            }
        }
        return TiledDetector.merge(whole, fromCrops, settings.nmsIou());
    }

    /** The inner detector at {@code minScore}, or at its own threshold when {@code minScore} is negative. */
    private List<Detection> run(Mat image, double minScore) {
        return minScore < 0 ? inner.detect(image) : inner.detect(image, minScore);
    }

    /**
     * Square crops of side {@code cropSize} (clipped to the frame) covering the small regions: the smallest region
     * not yet covered gets a crop centred on it (shifted inside the frame), which also covers every other region it
     * wholly contains. No crops when a crop would be nearly the whole frame: the whole-frame pass already did that.
     */
    public static List<Tile> crops(List<BoundingBox> regions, int width, int height, int cropSize, int maxCrops,
                                   double maxRegion) {
        int cw = Math.min(cropSize, width);
        int ch = Math.min(cropSize, height);
        if ((double) cw * ch > 0.8 * width * height) {
            return List.of();
        }
        List<BoundingBox> pending = new ArrayList<>();
        for (BoundingBox r : regions) {
            BoundingBox clipped = r.clip(width, height);
            if (clipped.area() > 0 && Math.max(clipped.width(), clipped.height()) <= maxRegion) {
                pending.add(clipped);
            }
        }
        // Smallest first: they gain most from more pixels.
        pending.sort(Comparator.comparingDouble(BoundingBox::area));
        List<Tile> out = new ArrayList<>();
        while (!pending.isEmpty() && out.size() < maxCrops) {
            BoundingBox seed = pending.remove(0);
            int x = clamp((int) Math.round(seed.centerX() - cw / 2.0), 0, width - cw);
            int y = clamp((int) Math.round(seed.centerY() - ch / 2.0), 0, height - ch);
            Tile crop = new Tile(x, y, cw, ch);
            out.add(crop);
            pending.removeIf(r -> contains(crop, r));
        }
        return out;
    }

    static boolean contains(Tile t, BoundingBox b) {
        return b.x() >= t.x() && b.y() >= t.y() && b.right() <= t.x() + t.width()
                && b.bottom() <= t.y() + t.height();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public String modelName() {
        return inner.modelName();
    }

    /** Does not close the inner detector: it is shared by all cameras. */
    @Override
    public void close() {
    }
}
