package vn.wardwatch.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.util.DurableFiles;

/**
 * Turns ring frames into an H.264 MP4 clip with an ffmpeg child process: the JPEGs go in over stdin as an MJPEG
 * stream, at the average rate of their stream times, so the clip lasts as long as the frames did in real time.
 *
 * <p>The clip is written to a temporary file beside the target, forced to disk and renamed into place, so the target
 * is either complete or absent. An existing target is never replaced. Stateless and thread-safe; each call runs its
 * own ffmpeg.
 */
public final class ClipEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(ClipEncoder.class);
    // A single frame (or frames that share one stream time) has no rate of its own; show each for one second.
    private static final String SINGLE_FRAME_RATE = "1";
    private static final int STDERR_TAIL_CHARS = 2000;

    private final String ffmpegExecutable;
    private final Duration timeout;

    public ClipEncoder(String ffmpegExecutable, Duration timeout) {
        this.ffmpegExecutable = Objects.requireNonNull(ffmpegExecutable, "ffmpegExecutable");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("clip encoder timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * Encodes {@code frames} (oldest first) into {@code outputMp4}. The clip has the first frame's size (padded to
     * even); should the camera change resolution mid-ring, ffmpeg scales the later frames to it.
     *
     * @throws IllegalArgumentException when {@code frames} is empty
     * @throws IOException              when the target exists, or ffmpeg cannot start, fails or runs past the
     *                                  timeout; the message names the target and ends with ffmpeg's last stderr
     *                                  lines; no partial file is left behind
     */
    public void encode(List<RingFrame> frames, Path outputMp4) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to encode into " + outputMp4);
        }
        Path target = outputMp4.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IOException("clip " + target + " already exists; not overwriting");
        }
        Path temp = null;
        Path stderrLog = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".tmp-", ".mp4");
            // stderr goes to a file: it can never fill a pipe and stall ffmpeg, and needs no drain thread.
            stderrLog = Files.createTempFile("wardwatch-clip-ffmpeg-", ".log");
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new IOException("clip " + target + ": cannot create a temporary file beside it: " + e, e);
        }
        try {
            run(frames, temp, stderrLog, target);
            moveIntoPlace(temp, target);
            temp = null;
            LOG.debug("Encoded clip {} from {} frames", target, frames.size());
        } finally {
            deleteQuietly(temp);
            deleteQuietly(stderrLog);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.exists(target)) {
                throw new IOException("it appeared while encoding; not overwriting");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.forceDirectory(target.getParent()); // makes the rename itself durable
        } catch (IOException e) {
            throw new IOException("clip " + target + " could not be moved into place: " + e.getMessage(), e);
        }
    }

    private void run(List<RingFrame> frames, Path temp, Path stderrLog, Path target) throws IOException {
        List<String> command = command(frameRate(frames), temp);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderrLog.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("clip " + target + ": cannot start ffmpeg '" + ffmpegExecutable + "': " + e, e);
        }
        // stdin is fed on its own thread: if ffmpeg stops reading, the timeout below still holds.
        AtomicReference<IOException> feedError = new AtomicReference<>();
        Thread feeder = new Thread(() -> feed(process.getOutputStream(), frames, feedError), "clip-feed");
        feeder.setDaemon(true);
        feeder.start();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("clip " + target + ": interrupted while ffmpeg was encoding", e);
        }
        if (!exited) {
            process.destroyForcibly();
            awaitQuietly(process);
            throw new IOException("clip " + target + ": ffmpeg did not finish within " + timeout.toMillis()
                    + " ms and was killed" + stderrTail(stderrLog));
        }
        joinQuietly(feeder);
        if (process.exitValue() != 0) {
            throw new IOException("clip " + target + ": ffmpeg exited with status " + process.exitValue()
                    + stderrTail(stderrLog));
        }
        if (feedError.get() != null) {
            throw new IOException("clip " + target + ": could not feed frames to ffmpeg: " + feedError.get()
                    + stderrTail(stderrLog), feedError.get());
        }
    }

    private List<String> command(String frameRate, Path temp) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ffmpegExecutable);
        cmd.addAll(List.of("-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(List.of("-f", "image2pipe", "-c:v", "mjpeg", "-framerate", frameRate, "-i", "-"));
        // H.264 in yuv420p needs even width and height: pad odd sizes by one black pixel rather than resample.
        cmd.addAll(List.of("-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2,format=yuv420p"));
        cmd.addAll(List.of("-an", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"));
        // faststart: the index goes first, so a browser in the review UI can play the clip before it has all of it.
        cmd.addAll(List.of("-movflags", "+faststart", "-f", "mp4", temp.toString()));
        return cmd;
    }

    /**
     * Frames per second as an exact ratio, from the frames' stream times: n frames spanning t ms show for n-1
     * intervals of t/(n-1) ms, and the last frame for one more average interval, so the clip lasts n*t/(n-1) ms.
     */
    static String frameRate(List<RingFrame> frames) {
        long span = frames.get(frames.size() - 1).streamMillis() - frames.get(0).streamMillis();
        if (frames.size() < 2 || span <= 0) {
            return SINGLE_FRAME_RATE;
        }
        return (frames.size() - 1) * 1000L + "/" + span;
    }

    private static void feed(OutputStream stdin, List<RingFrame> frames, AtomicReference<IOException> error) {
        try (OutputStream out = stdin) {
            for (RingFrame f : frames) {
                out.write(f.jpeg());
            }
        } catch (IOException e) {
            // Broken pipe when ffmpeg failed or was killed; its exit status and stderr tell why.
            error.set(e);
        }
    }

    /** The end of an ffmpeg stderr log, for an error message; empty when ffmpeg said nothing. */
    public static String stderrTail(Path stderrLog) {
        try {
            String text = Files.readString(stderrLog, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "";
            }
            if (text.length() > STDERR_TAIL_CHARS) {
                text = "..." + text.substring(text.length() - STDERR_TAIL_CHARS);
            }
            return "; ffmpeg stderr: " + text;
        } catch (IOException e) {
            return "; ffmpeg stderr unreadable: " + e;
        }
    }

    private static void awaitQuietly(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not remove temporary clip file {}: {}", path, e.toString());
        }
    }
}
