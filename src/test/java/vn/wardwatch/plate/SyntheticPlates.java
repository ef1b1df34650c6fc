package vn.wardwatch.plate;

import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Draws plates for tests: dark text in OpenCV's Hershey font on a plate-coloured rectangle with a dark rim, then
 * (optionally) set into a grey scene, warped in perspective, blurred and noised.
 */
public final class SyntheticPlates {

    public static final Scalar WHITE = new Scalar(235, 235, 235);
    public static final Scalar YELLOW = new Scalar(40, 200, 235);
    public static final Scalar BLUE = new Scalar(160, 70, 20);

    private SyntheticPlates() {
    }

    /** A plate image of the given lines (one or two), background colour and text colour, tightly framed. */
    public static Mat plate(List<String> lines, Scalar background, Scalar ink) {
        int font = Imgproc.FONT_HERSHEY_SIMPLEX;
        double scale = 2.2;
        int thickness = 5;
        int[] baseline = new int[1];
        int lineHeight = 0;
        int width = 0;
        for (String line : lines) {
            Size s = Imgproc.getTextSize(line, font, scale, thickness, baseline);
            lineHeight = Math.max(lineHeight, (int) s.height);
            width = Math.max(width, (int) s.width);
        }
        int gap = lineHeight * 2 / 3;
        int margin = lineHeight / 2;
        int w = width + 2 * margin;
        int h = lines.size() * lineHeight + (lines.size() - 1) * gap + 2 * margin;
        Mat img = new Mat(h, w, CvType.CV_8UC3, background);
        Imgproc.rectangle(img, new Point(3, 3), new Point(w - 4, h - 4), ink, 3);
        int y = margin + lineHeight;
        for (String line : lines) {
            Size s = Imgproc.getTextSize(line, font, scale, thickness, baseline);
            int x = (w - (int) s.width) / 2;
            Imgproc.putText(img, line, new Point(x, y), font, scale, ink, thickness, Imgproc.LINE_AA);
            y += lineHeight + gap;
        }
        return img;
    }

    /** The plate set into a larger grey image at (x, y), its corners moved by up to {@code skew} of its size. */
    public static Mat inScene(Mat plate, int sceneWidth, int sceneHeight, int x, int y, double skew, long seed) {
        Random random = new Random(seed);
        Mat scene = new Mat(sceneHeight, sceneWidth, CvType.CV_8UC3, new Scalar(90, 95, 100));
        double w = plate.cols();
        double h = plate.rows();
        Point[] to = {
            new Point(x + skew * w * random.nextDouble(), y + skew * h * random.nextDouble()),
            new Point(x + w - skew * w * random.nextDouble(), y + skew * h * random.nextDouble()),
            new Point(x + w - skew * w * random.nextDouble(), y + h - skew * h * random.nextDouble()),
            new Point(x + skew * w * random.nextDouble(), y + h - skew * h * random.nextDouble())};
        MatOfPoint2f src = new MatOfPoint2f(new Point(0, 0), new Point(w, 0), new Point(w, h), new Point(0, h));
        MatOfPoint2f dst = new MatOfPoint2f(to);
        Mat m = Imgproc.getPerspectiveTransform(src, dst);
        Imgproc.warpPerspective(plate, scene, m, scene.size(), Imgproc.INTER_LINEAR, Core.BORDER_TRANSPARENT);
        m.release();
        return scene;
    }

    /** Gaussian blur of the given sigma, then Gaussian noise of the given standard deviation (8-bit levels). */
    public static Mat degrade(Mat img, double blurSigma, double noiseSigma, long seed) {
        Mat out = new Mat();
        Imgproc.GaussianBlur(img, out, new Size(0, 0), blurSigma);
        Mat noise = new Mat(out.size(), CvType.CV_16SC3);
        Core.setRNGSeed((int) seed);
        Core.randn(noise, 0, noiseSigma);
        Mat wide = new Mat();
        out.convertTo(wide, CvType.CV_16SC3);
        Core.add(wide, noise, wide);
        wide.convertTo(out, CvType.CV_8UC3);
        noise.release();
        wide.release();
        return out;
    }

    /** Shrinks (or enlarges) the image by a factor. */
    public static Mat scaled(Mat img, double factor) {
        Mat out = new Mat();
        Imgproc.resize(img, out, new Size(), factor, factor, factor < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        return out;
    }
}
