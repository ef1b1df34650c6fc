package vn.wardwatch.privacy;

import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.util.PixelRects;

/**
 * Hides regions of a frame beyond recovery: each region is pixelated (every block one average colour, so the detail
 * is gone, not just smoothed), then Gaussian-blurred so the block edges do not leave a mosaic to guess from. A
 * Gaussian blur alone keeps the information and can be partly undone. Blocks are at least {@value #BLOCK} pixels and
 * at least a {@value #CELLS_ACROSS}th of the region's shorter side: a large close-up plate would stay readable
 * through 8-pixel blocks.
 */
final class RegionBlur {

    /** Block side in pixels: a plate character or an eye of a traffic-camera face is smaller than this. */
    static final int BLOCK = 8;
    static final int CELLS_ACROSS = 4;

    private RegionBlur() {
    }

    /** Blurs every box (clipped to the frame) of {@code bgr} in place. */
    static void apply(Mat bgr, List<BoundingBox> boxes) {
        for (BoundingBox box : boxes) {
            Rect r = PixelRects.enclosing(box, bgr.cols(), bgr.rows());
            if (r.width > 0 && r.height > 0) {
                blur(bgr, r);
            }
        }
    }

    private static void blur(Mat bgr, Rect r) {
        Mat roi = bgr.submat(r);
        Mat small = new Mat();
        Mat blocks = new Mat();
        try {
            int block = Math.max(BLOCK, Math.min(r.width, r.height) / CELLS_ACROSS);
            Size cells = new Size(Math.max(1, (r.width + block - 1) / block),
                    Math.max(1, (r.height + block - 1) / block));
            Imgproc.resize(roi, small, cells, 0, 0, Imgproc.INTER_AREA);
            Imgproc.resize(small, blocks, roi.size(), 0, 0, Imgproc.INTER_NEAREST);
            Imgproc.GaussianBlur(blocks, roi, new Size(0, 0), block / 2.0); // writes through into the frame
        } finally {
            roi.release();
            small.release();
            blocks.release();
        }
    }
}
