package vn.wardwatch.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.util.OpenCv;
import vn.wardwatch.util.PixelRects;

/**
 * Media for measuring and testing masking: real pedestrians (opencv-doc's vtest.avi, scaled to 640x480) with a
 * readable Vietnamese plate drawn on the lawn at ({@link #PLATE_X}, {@link #PLATE_Y}), as a picture and as an
 * H.264 clip at 10 fps. In main code so that {@code wardwatch bench-privacy} and the privacy tests use one scene.
 */
public final class PrivacyScene {

    public static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
    public static final String PLATE_TEXT = "30A-339.18";
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    /** Where the plate's top-left corner sits in every picture and frame, and its width. */
    public static final int PLATE_X = 60;
    public static final int PLATE_Y = 300;
    public static final int PLATE_WIDTH = 130;

    private PrivacyScene() {
    }

    /**
     * The plate as drawn into the scenes (130 px wide, about 26 px high): dark Hershey text on a white plate with a
     * dark rim, drawn large and shrunk, as the tests' synthetic plates are.
     */
    public static Mat plate() {
        OpenCv.load();
        Scalar white = new Scalar(235, 235, 235);
        Scalar ink = new Scalar(20, 20, 20);
        int font = Imgproc.FONT_HERSHEY_SIMPLEX;
        double scale = 2.2;
        int thickness = 5;
        int[] baseline = new int[1];
        Size text = Imgproc.getTextSize(PLATE_TEXT, font, scale, thickness, baseline);
        int lineHeight = (int) text.height;
        int margin = lineHeight / 2;
        int w = (int) text.width + 2 * margin;
        int h = lineHeight + 2 * margin;
        Mat big = new Mat(h, w, CvType.CV_8UC3, white);
        Imgproc.rectangle(big, new Point(3, 3), new Point(w - 4, h - 4), ink, 3);
        Imgproc.putText(big, PLATE_TEXT, new Point((w - (int) text.width) / 2, margin + lineHeight), font, scale,
                ink, thickness, Imgproc.LINE_AA);
        Mat small = new Mat();
        double factor = (double) PLATE_WIDTH / big.cols();
        Imgproc.resize(big, small, new Size(), factor, factor, Imgproc.INTER_AREA);
        big.release();
        return small;
    }

    /** The vtest.avi frame at {@code seconds}, 640x480, with the plate on it; {@code work} holds the extracted PNG. */
    public static Mat picture(Path work, double seconds) throws IOException {
        OpenCv.load();
        Path png = work.resolve("frame-" + seconds + ".png");
        ffmpeg(List.of("-ss", Double.toString(seconds), "-i", VTEST.toString(), "-frames:v", "1",
                "-vf", "scale=" + WIDTH + ":" + HEIGHT, png.toString()));
        Mat scene = Imgcodecs.imread(png.toString());
        if (scene.empty()) {
            throw new IOException("no frame at " + seconds + " s of " + VTEST);
        }
        Mat plate = plate();
        plate.copyTo(scene.submat(new Rect(PLATE_X, PLATE_Y, plate.cols(), plate.rows())));
        plate.release();
        return scene;
    }

    /** The first {@code seconds} of vtest.avi at 640x480, 10 fps, with the plate on every frame, as H.264 MP4. */
    public static Path clip(Path work, int seconds) throws IOException {
        return clip(work, seconds, 10);
    }

    /**
     * The first {@code seconds} of vtest.avi at 640x480 and {@code fps} frames a second (keyframe every second),
     * with the plate on every frame, as H.264 MP4 ({@code clip-source.mp4} in {@code work}): exactly
     * {@code seconds * fps} frames.
     */
    public static Path clip(Path work, int seconds, int fps) throws IOException {
        Path png = work.resolve("plate.png");
        Mat plate = plate();
        Imgcodecs.imwrite(png.toString(), plate);
        plate.release();
        Path mp4 = work.resolve("clip-source.mp4");
        // -t on the output, not the input: cut from the 10 fps source, a 5 fps clip would get 2 frames too many.
        ffmpeg(List.of("-i", VTEST.toString(), "-i", png.toString(),
                "-filter_complex", "[0:v]scale=" + WIDTH + ":" + HEIGHT + "[b];[b][1:v]overlay=" + PLATE_X + ":"
                        + PLATE_Y, "-t", Integer.toString(seconds), "-r", Integer.toString(fps),
                "-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", Integer.toString(fps),
                "-pix_fmt", "yuv420p", mp4.toString()));
        return mp4;
    }

    /** Share of the area of {@code own} (as a union, in frame pixels) that {@code cover} holds too. */
    public static double coverage(List<BoundingBox> own, List<BoundingBox> cover) {
        Mat a = mask(own);
        Mat b = mask(cover);
        Mat both = new Mat();
        try {
            int ownArea = Core.countNonZero(a);
            if (ownArea == 0) {
                return 1;
            }
            Core.bitwise_and(a, b, both);
            return (double) Core.countNonZero(both) / ownArea;
        } finally {
            a.release();
            b.release();
            both.release();
        }
    }

    private static Mat mask(List<BoundingBox> boxes) {
        Mat m = Mat.zeros(HEIGHT, WIDTH, CvType.CV_8U);
        for (BoundingBox box : boxes) {
            m.submat(PixelRects.enclosing(box, m.cols(), m.rows())).setTo(new Scalar(1));
        }
        return m;
    }

    private static void ffmpeg(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(args);
        run(cmd);
    }

    /** Runs a command (ffmpeg, ffprobe) to its end and returns its output; an error names the command. */
    public static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("failed: " + cmd + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
        return out;
    }
}
