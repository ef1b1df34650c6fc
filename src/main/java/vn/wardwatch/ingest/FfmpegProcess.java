package vn.wardwatch.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vn.wardwatch.config.SourceConfig;

/** Starts an ffmpeg command from {@link FfmpegCommand#input} and hands it the camera URL on stdin when it must. */
public final class FfmpegProcess {

    /** util-linux's setpriv (Debian: always installed) sets the parent-death signal, then runs the command. */
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private FfmpegProcess() {
    }

    /**
     * The command run so that the kernel sends it SIGTERM when the thread that starts it dies (a SIGKILLed JVM
     * included). Needed for an ffmpeg that writes files rather than a pipe to us: the recorder's ffmpeg ignores a
     * broken segment-list pipe and would record on, unindexed, for ever. So call {@link #start} from the thread
     * that waits on the process for its whole life. Unchanged where setpriv is missing (not Linux).
     */
    public static List<String> diesWithStarter(List<String> command) {
        if (!Files.isExecutable(SETPRIV)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        wrapped.addAll(command);
        return wrapped;
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
