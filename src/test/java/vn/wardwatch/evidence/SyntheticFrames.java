package vn.wardwatch.evidence;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Camera-like frames drawn with OpenCV: a grey road, a stop line and a box that moves with the frame number. */
final class SyntheticFrames {

    private SyntheticFrames() {
    }

    static Mat frame(int width, int height, int index) {
        Mat image = new Mat(height, width, CvType.CV_8UC3, new Scalar(70, 70, 70));
        Imgproc.line(image, new Point(0, height * 0.6), new Point(width, height * 0.6), new Scalar(255, 255, 255), 2);
        int x = (index * 7) % Math.max(1, width - 40);
        Imgproc.rectangle(image, new Point(x, height * 0.3), new Point(x + 40, height * 0.3 + 30),
                new Scalar(0, 0, 255), -1);
        Imgproc.putText(image, "#" + index, new Point(5, 20), Imgproc.FONT_HERSHEY_SIMPLEX, 0.6,
                new Scalar(0, 255, 255), 1);
        return image;
    }
}
