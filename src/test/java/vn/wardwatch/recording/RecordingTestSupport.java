package vn.wardwatch.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;


/** ffprobe/ffmpeg checks shared by the recording tests. */
final class RecordingTestSupport {

    private RecordingTestSupport() {
    }

    /** The container duration ffprobe reports, in seconds. */
    static double probeDuration(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=nw=1:nk=1", file.toString()));
        return Double.parseDouble(out.strip().split("\\s+")[0]);
    }

    /** Decodes every frame; throws when the file does not play. Returns the number of decoded frames. */
    static int decodeFrames(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "default=nw=1:nk=1", file.toString()));
        // MPEG-TS lists the stream twice (under its program too): the first line is enough.
        return Integer.parseInt(out.strip().split("\\s+")[0]);
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }
}
