package vn.wardwatch.plate;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;

/**
 * How promising a vehicle crop is for reading its plate: a large vehicle shows a large plate, and a sharp crop
 * (high variance of the Laplacian) reads better than one blurred by motion or focus. The score only ranks crops of
 * one track against each other.
 */
public final class CropQuality {

    private CropQuality() {
    }

    /** Vehicle box area times the variance of the Laplacian of the grey crop. */
    public static double score(Mat bgrCrop, BoundingBox vehicle) {
        Mat grey = new Mat();
        Mat laplacian = new Mat();
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble stddev = new MatOfDouble();
        try {
            if (bgrCrop.channels() == 3) {
                Imgproc.cvtColor(bgrCrop, grey, Imgproc.COLOR_BGR2GRAY);
            } else {
                bgrCrop.copyTo(grey);
            }
            Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
            Core.meanStdDev(laplacian, mean, stddev);
            double sd = stddev.toArray()[0];
            return vehicle.area() * sd * sd;
        } finally {
            grey.release();
            laplacian.release();
            mean.release();
            stddev.release();
        }
    }
}
