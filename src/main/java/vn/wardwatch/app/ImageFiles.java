package vn.wardwatch.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Reads image files for the commands that work on still images, with errors that say what is wrong. */
final class ImageFiles {

    private ImageFiles() {
    }

    /** The image as a BGR Mat (the caller releases it); IllegalArgumentException naming the file otherwise. */
    static Mat read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot read image " + file + ": no such file");
        }
        Mat img = Imgcodecs.imread(file.toString());
        if (img.empty()) {
            img.release();
            throw new IllegalArgumentException("cannot read image " + file
                    + ": not an image format OpenCV can decode, or a damaged file");
        }
        return img;
    }
}
