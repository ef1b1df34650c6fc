package vn.wardwatch.privacy;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.evidence.OverviewPainter;

/**
 * Keeps the caption bar of an evidence overview picture readable: the bar (camera, time, rule, picture label, drawn
 * by {@link OverviewPainter} over the top of the frame) is our own text and covers the camera's pixels, so the
 * parts of regions inside it hide nothing and are left out. The bar is only trusted where the picture really has
 * it: a band across the top, {@value #CAPTION_LINES} caption lines high, almost all black.
 */
final class OverviewCaption {

    /** Lines the violation recorder writes into an overview's caption. */
    static final int CAPTION_LINES = 2;
    /** A pixel darker than this in every channel is bar (JPEG leaves the black a few levels off zero). */
    private static final double DARK = 40;
    /** Share of the band's pixels that must be dark: the rest is the caption's thin white text. */
    private static final double MIN_DARK_SHARE = 0.75;

    private OverviewCaption() {
    }

    /** Whether a picture of this file name is an overview that carries a caption bar. */
    static boolean isOverview(String fileName) {
        return fileName.startsWith("overview-") && fileName.endsWith(".jpg");
    }

    /**
     * {@code boxes} with their parts inside the picture's caption bar cut off (a box wholly inside it dropped); all
     * of them as they are when the picture has no bar.
     */
    static List<BoundingBox> outsideBar(Mat bgr, List<BoundingBox> boxes) {
        int height = Math.min(bgr.rows(), OverviewPainter.captionHeight(bgr.cols(), CAPTION_LINES));
        if (height <= 0 || !isDark(bgr, new Rect(0, 0, bgr.cols(), height))) {
            return boxes;
        }
        List<BoundingBox> out = new ArrayList<>(boxes.size());
        for (BoundingBox b : boxes) {
            if (b.bottom() <= height) {
                continue;
            }
            out.add(b.y() >= height ? b : BoundingBox.fromCorners(b.x(), height, b.right(), b.bottom()));
        }
        return out;
    }

    private static boolean isDark(Mat bgr, Rect band) {
        Mat roi = bgr.submat(band);
        Mat dark = new Mat();
        try {
            Core.inRange(roi, new Scalar(0, 0, 0), new Scalar(DARK, DARK, DARK), dark);
            return Core.countNonZero(dark) >= MIN_DARK_SHARE * band.area();
        } finally {
            roi.release();
            dark.release();
        }
    }
}
