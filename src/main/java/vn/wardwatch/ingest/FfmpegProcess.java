package vn.wardwatch.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import vn.wardwatch.config.SourceConfig;

/** Starts an ffmpeg command from {@link FfmpegCommand#input} and hands it the camera URL on stdin when it must. */
public final class FfmpegProcess {

    private FfmpegProcess() {
    }

    public static Process start(List<String> command, SourceConfig source) throws IOException {
        String script = FfmpegCommand.stdinScript(source);
        Process process = new ProcessBuilder(command).start();
        // The script is a few hundred bytes, far below the pipe buffer, so this never blocks. Closing stdin is
        // also right without a script: ffmpeg runs with -nostdin and must not wait on it.
        try (OutputStream stdin = process.getOutputStream()) {
            if (script != null) {
                stdin.write(script.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // ffmpeg died before reading it (bad binary, bad option); its stderr and exit status say why.
        }
        return process;
    }
}
