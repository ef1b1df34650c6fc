package vn.wardwatch.plate;

import java.time.Instant;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.util.PixelRects;

/**
 * One vehicle crop offered to the plate reader: a copy of the frame around the vehicle (padded: a plate at the edge
 * of a tight box loses characters), cut on the analysis thread so that the frame itself can be released at once.
 * Owns its Mat: close it when done.
 *
 * @param round   which read round of the track this crop belongs to (see {@link PlateTrigger})
 * @param reason  why the track is read
 * @param last    true on the last crop the round will get
 * @param vehicle the vehicle's box in crop pixels
 */
public record PlateCandidate(long trackId, int round, String reason, boolean last, long streamMillis,
                             Instant wallTime, Mat crop, BoundingBox vehicle) implements AutoCloseable {

    /** Padding on each side, as a share of the box's width and height. */
    public static final double PADDING = 0.15;
    /** Crops smaller than this (in pixels, either side) hold no readable plate. */
    static final int MIN_SIDE = 8;

    /** The crop of {@code vehicle} out of {@code frame}; null when too little of it lies in the frame. */
    public static PlateCandidate cut(Mat frame, BoundingBox vehicle, long trackId, int round, String reason,
                                     boolean last, long streamMillis, Instant wallTime) {
        Rect r = PixelRects.enclosing(vehicle.grown(PADDING), frame.cols(), frame.rows());
        if (r.width < MIN_SIDE || r.height < MIN_SIDE) {
            return null;
        }
        Mat region = frame.submat(r);
        Mat crop = region.clone();
        region.release();
        BoundingBox inCrop = new BoundingBox(vehicle.x() - r.x, vehicle.y() - r.y, vehicle.width(), vehicle.height())
                .clip(crop.cols(), crop.rows());
        return new PlateCandidate(trackId, round, reason, last, streamMillis, wallTime, crop, inCrop);
    }

    @Override
    public void close() {
        crop.release();
    }
}
