package vn.wardwatch.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.plate.SyntheticPlates;
import vn.wardwatch.util.OpenCv;

/**
 * Test media for masking: real pedestrians (opencv-doc's vtest.avi, scaled to 640x480) with a readable synthetic
 * Vietnamese plate set on the lawn at ({@link #PLATE_X}, {@link #PLATE_Y}), as a picture and as a 10 s, 10 fps
 * H.264 clip. Public for the API's integration test ({@code api.MaskedEvidenceApiTest}), which puts these into a
 * violation's evidence package.
 */
public final class MaskingScene {

    public static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
    public static final String PLATE_TEXT = "30A-339.18";
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** Where the plate's top-left corner sits in every picture and frame, and its width. */
    static final int PLATE_X = 60;
    static final int PLATE_Y = 300;
    static final int PLATE_WIDTH = 130;

    private MaskingScene() {
    }

    /** The plate as drawn into the scenes (130 px wide, about 26 px high). */
    static Mat plate() {
        OpenCv.load();
        Mat big = SyntheticPlates.plate(List.of(PLATE_TEXT), SyntheticPlates.WHITE, new Scalar(20, 20, 20));
        Mat small = SyntheticPlates.scaled(big, (double) PLATE_WIDTH / big.cols());
        big.release();
        return small;
    }

    /** The vtest.avi frame at {@code seconds}, 640x480, with the plate on it. */
    public static Mat picture(Path work, double seconds) throws IOException {
        OpenCv.load();
        Path png = work.resolve("frame-" + seconds + ".png");
        ffmpeg(List.of("-ss", Double.toString(seconds), "-i", VTEST.toString(), "-frames:v", "1",
                "-vf", "scale=" + WIDTH + ":" + HEIGHT, png.toString()));
        Mat scene = Imgcodecs.imread(png.toString());
        Mat plate = plate();
        plate.copyTo(scene.submat(new Rect(PLATE_X, PLATE_Y, plate.cols(), plate.rows())));
        plate.release();
        return scene;
    }

    /** The first {@code seconds} of vtest.avi at 640x480, 10 fps, with the plate on every frame, as H.264 MP4. */
    static Path clip(Path work, int seconds) throws IOException {
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

    /** Frame {@code index} (from 0) of a clip as a picture. */
    public static Mat frame(Path clip, int index, Path work) throws IOException {
        Path png = work.resolve(clip.getFileName() + "-" + index + ".png");
        ffmpeg(List.of("-i", clip.toString(), "-vf", "select=eq(n\\," + index + ")", "-fps_mode", "passthrough",
                "-frames:v", "1", png.toString()));
        return Imgcodecs.imread(png.toString());
    }

    /** Decoded frame count and stream duration (seconds) by ffprobe. */
    public static double[] framesAndDuration(Path clip) throws IOException {
        String out = run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames,duration", "-of", "default=noprint_wrappers=1",
                clip.toString()));
        double frames = -1;
        double duration = -1;
        for (String line : out.split("\n")) {
            if (line.startsWith("nb_read_frames=")) {
                frames = Double.parseDouble(line.substring(15).strip());
            } else if (line.startsWith("duration=")) {
                duration = Double.parseDouble(line.substring(9).strip());
            }
        }
        return new double[] {frames, duration};
    }

    private static void ffmpeg(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(args);
        run(cmd);
    }

    private static String run(List<String> cmd) throws IOException {
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

    public static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: install Debian's opencv-doc (scripts/install-deps.sh)");
        }
    }
}
