package vn.wardwatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.util.OpenCv;

/**
 * Reads one camera through an ffmpeg child process that writes raw BGR frames of the analysis size to its
 * stdout. A crash of the decoder stays in the child; this side only sees the pipe end.
 */
public final class FfmpegFrameSource implements FrameSource {

    private static final int STDERR_LINES = 8;
    private static final long EXIT_WAIT_MILLIS = 5_000;
    private static final long KILL_GRACE_MILLIS = 1_000;

    private final String cameraId;
    private final SourceConfig source;
    private final int width;
    private final int height;
    private final double fps;
    private final byte[] buffer;
    private final Process process;
    private final InputStream stdout;
    private final StderrRing stderr;
    private long frameIndex;
    private volatile boolean closed;

    /** Starts ffmpeg with the command {@link FfmpegCommand} builds for this camera. */
    public FfmpegFrameSource(String cameraId, SourceConfig source, DetectConfig detect) throws IOException {
        this(cameraId, source, detect, FfmpegCommand.build(source, detect));
    }

    /** Starts the given ffmpeg command line, which must write {@code bgr24} frames of the detect size to stdout. */
    public FfmpegFrameSource(String cameraId, SourceConfig source, DetectConfig detect, List<String> command)
            throws IOException {
        OpenCv.load();
        this.cameraId = cameraId;
        this.source = source;
        this.width = detect.width();
        this.height = detect.height();
        this.fps = detect.fps();
        this.buffer = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        try {
            this.process = FfmpegProcess.start(command, source);
        } catch (IOException e) {
            throw new IOException(describe() + ": cannot start ffmpeg: " + redact(e.getMessage()));
        }
        this.stdout = process.getInputStream();
        this.stderr = new StderrRing(process.getErrorStream(), STDERR_LINES, this::redact, cameraId);
    }

    @Override
    public Frame read() throws IOException {
        if (closed) {
            throw new IOException(describe() + ": source is closed");
        }
        int filled = readFully();
        if (filled < buffer.length) {
            return endOfStream(filled);
        }
        Mat image = new Mat(height, width, CvType.CV_8UC3);
        image.put(0, 0, buffer);
        long index = frameIndex++;
        return new Frame(cameraId, index, Math.round(index * 1000.0 / fps), Instant.now(), image);
    }

    private int readFully() throws IOException {
        try {
            return stdout.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            // The pipe breaks when the process is killed under a blocked read (close() from the watchdog).
            if (closed) {
                throw new IOException(describe() + ": source was closed while reading");
            }
            throw new IOException(describe() + ": reading ffmpeg output failed: " + redact(e.getMessage()), e);
        }
    }

    /** The pipe ended: a finished file (null), or a failure to report with ffmpeg's own words. */
    private Frame endOfStream(int partialBytes) throws IOException {
        Integer exit = awaitExit();
        if (closed) {
            throw new IOException(describe() + ": source was closed while reading");
        }
        boolean finiteFile = FfmpegCommand.modeOf(source) == FfmpegCommand.Mode.REPLAY;
        if (exit != null && exit == 0 && finiteFile) {
            return null;
        }
        StringBuilder msg = new StringBuilder(describe());
        if (exit == null) {
            msg.append(": ffmpeg closed its output but did not exit");
        } else if (exit == 0) {
            msg.append(": stream ended (ffmpeg exited normally)");
        } else {
            msg.append(": ffmpeg exited with code ").append(exit);
        }
        if (partialBytes > 0) {
            msg.append(" after a partial frame of ").append(partialBytes).append(" bytes");
        }
        List<String> last = stderr.lastLines();
        if (!last.isEmpty()) {
            msg.append("; ffmpeg said: ").append(String.join(" | ", last));
        }
        throw new IOException(msg.toString());
    }

    private Integer awaitExit() throws IOException {
        try {
            if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return null;
            }
            stderr.awaitEnd(1_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(describe() + ": interrupted while waiting for ffmpeg to exit", e);
        }
    }

    /** Frames read so far. */
    public long framesRead() {
        return frameIndex;
    }

    /** Stops ffmpeg: SIGTERM, then SIGKILL after a short grace. Safe from any thread, also under a blocked read. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
            stderr.awaitEnd(KILL_GRACE_MILLIS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        closeQuietly(stdout);
    }

    private String describe() {
        return "camera " + cameraId + " (" + source.redactedUrl() + ")";
    }

    private String redact(String text) {
        return Redactor.redact(text, source);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Already gone with the process.
        }
    }
}
