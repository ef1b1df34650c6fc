package vn.wardwatch.ingest;

import java.time.Instant;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * One camera's latest analysed frame, for the console's live picture (issue 9). The analysis thread copies each
 * frame in (a memory copy into a buffer reused while the size stays); JPEG is encoded only when someone asks, on the
 * asker's thread, so a camera nobody watches pays no encoding.
 */
public final class LatestFrame implements AutoCloseable {

    /** Thumbnails and full frames are served at most this wide. */
    public static final int MAX_WIDTH = 1280;
    private static final int JPEG_QUALITY = 85;

    /** A frame as JPEG: its bytes, its size and when it was read. */
    public record Jpeg(byte[] bytes, int width, int height, Instant at) {
    }

    private final Object lock = new Object();
    private Mat image;
    private Instant at;

    /** Keeps a copy of {@code bgr}; the caller still owns it. An empty frame is ignored. */
    public void update(Mat bgr, Instant wallTime) {
        if (bgr == null || bgr.empty()) {
            return;
        }
        synchronized (lock) {
            if (image == null) {
                image = new Mat();
            }
            bgr.copyTo(image);
            at = wallTime;
        }
    }

    /** Changes a full-size frame copy in place before it is scaled and encoded (privacy masking). */
    @FunctionalInterface
    public interface Edit {
        void apply(Mat bgr) throws java.io.IOException;
    }

    /** {@link #jpeg(int, Edit)} without an edit. */
    public Optional<Jpeg> jpeg(int maxWidth) throws java.io.IOException {
        return jpeg(maxWidth, null);
    }

    /**
     * The latest frame as JPEG, scaled down to at most {@code maxWidth} wide (never up, never past
     * {@value #MAX_WIDTH}); empty before the first frame.
     *
     * @param edit applied to a full-size copy first (so a mask sees the frame's full detail); may be null
     * @throws IllegalStateException when the frame cannot be encoded
     */
    public Optional<Jpeg> jpeg(int maxWidth, Edit edit) throws java.io.IOException {
        Mat copy = new Mat();
        Mat scaled = new Mat();
        MatOfByte buffer = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY);
        try {
            Instant when;
            // The lock is held only for the copy: the analysis thread never waits for an edit or an encoding.
            synchronized (lock) {
                if (image == null || image.empty()) {
                    return Optional.empty();
                }
                image.copyTo(copy);
                when = at;
            }
            if (edit != null) {
                edit.apply(copy);
            }
            Mat out = copy;
            int width = Math.min(Math.min(maxWidth, MAX_WIDTH), copy.cols());
            if (width < copy.cols()) {
                int height = Math.max(1, (int) Math.round((double) copy.rows() * width / copy.cols()));
                Imgproc.resize(copy, scaled, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
                out = scaled;
            }
            if (!Imgcodecs.imencode(".jpg", out, buffer, params)) {
                throw new IllegalStateException("latest frame (" + out + ", read " + when
                        + ") could not be encoded as JPEG");
            }
            return Optional.of(new Jpeg(buffer.toArray(), out.cols(), out.rows(), when));
        } finally {
            copy.release();
            scaled.release();
            buffer.release();
            params.release();
        }
    }

    /** Frees the frame's native buffer. */
    @Override
    public void close() {
        synchronized (lock) {
            if (image != null) {
                image.release();
                image = null;
            }
        }
    }
}
