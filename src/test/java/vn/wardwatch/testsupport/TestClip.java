package vn.wardwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small synthetic camera clip generated with ffmpeg's {@code testsrc2} (moving pattern, 320x240, 10 fps,
 * no B-frames, keyframe every second), so tests depend on neither samples/ nor shared folders.
 *
 * @param mp4  the clip as MP4
 * @param h264 the same stream as Annex-B H.264 for {@code scripts/rtsp_server.py}
 */
public record TestClip(Path mp4, Path h264, int seconds, int fps, int width, int height) {

    public static TestClip generate(Path dir, int seconds) throws IOException, InterruptedException {
        Path mp4 = dir.resolve("clip.mp4");
        Path h264 = dir.resolve("clip.h264");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=320x240:rate=10", "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "10", "-pix_fmt", "yuv420p",
                mp4.toString()));
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", mp4.toString(),
                "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264.toString()));
        return new TestClip(mp4, h264, seconds, 10, 320, 240);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("ffmpeg failed: " + command + "\n" + new String(log));
        }
        Path output = Path.of(command.get(command.size() - 1));
        if (!Files.isRegularFile(output) || Files.size(output) == 0) {
            throw new IOException("ffmpeg wrote nothing: " + command);
        }
    }
}
