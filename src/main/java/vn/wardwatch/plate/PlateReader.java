package vn.wardwatch.plate;

import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.detect.BoundingBox;

/** Finds and reads licence plates. Implementations are not thread-safe unless they say so. */
public interface PlateReader extends AutoCloseable {

    /** Plates on the vehicle inside {@code vehicle} of a BGR frame, most confident first; boxes in frame pixels. */
    List<PlateRead> read(Mat frame, BoundingBox vehicle);

    /** Plates anywhere on a BGR image, which may be a whole scene or already a plate crop; most confident first. */
    List<PlateRead> readImage(Mat image);

    @Override
    void close();
}
