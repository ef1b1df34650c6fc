package vn.wardwatch.privacy;

import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.detect.BoundingBox;

/** Finds the regions of a BGR frame that a masked copy must hide. */
@FunctionalInterface
public interface RegionFinder {

    /** Regions in {@code bgr}'s pixels (they may reach past its edges). */
    List<BoundingBox> find(Mat bgr);
}
