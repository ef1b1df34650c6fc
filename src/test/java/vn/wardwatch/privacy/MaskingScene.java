package vn.wardwatch.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.app.PrivacyScene;

/**
 * Test media for masking: {@link PrivacyScene} (vtest.avi's pedestrians with a drawn plate, the scene
 * {@code wardwatch bench-privacy} measures) plus what the tests need to look into the results.
 * Public for the API's integration test ({@code api.MaskedEvidenceApiTest}), which puts these into a violation's
 * evidence package.
 */
public final class MaskingScene {

    public static final Path VTEST = PrivacyScene.VTEST;
    public static final String PLATE_TEXT = PrivacyScene.PLATE_TEXT;
    static final int WIDTH = PrivacyScene.WIDTH;
    static final int HEIGHT = PrivacyScene.HEIGHT;
    static final int PLATE_X = PrivacyScene.PLATE_X;
    static final int PLATE_Y = PrivacyScene.PLATE_Y;

    private MaskingScene() {
    }

    static Mat plate() {
        return PrivacyScene.plate();
    }

    public static Mat picture(Path work, double seconds) throws IOException {
        return PrivacyScene.picture(work, seconds);
    }

    static Path clip(Path work, int seconds) throws IOException {
        return clip(work, seconds, 10);
    }

    public static Path clip(Path work, int seconds, int fps) throws IOException {
        return PrivacyScene.clip(work, seconds, fps);
    }

    static double coverage(List<BoundingBox> own, List<BoundingBox> cover) {
        return PrivacyScene.coverage(own, cover);
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
        return PrivacyScene.run(cmd);
    }

    public static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: install Debian's opencv-doc (scripts/install-deps.sh)");
        }
    }
}
