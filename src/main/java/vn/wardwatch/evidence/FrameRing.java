package vn.wardwatch.evidence;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The last few seconds of one camera's analysis frames, kept as JPEG so that a violation's clip can include the
 * seconds before it (raw 640x480 BGR for 12 s at 5 fps is ~55 MB; as JPEG ~3 MB).
 *
 * <p>Thread-safe: the camera's analysis thread adds, an evidence thread reads. JPEG encoding happens outside the
 * lock, so a reader never waits for an encode.
 *
 * <p>Frames are ordered by stream time. A frame whose stream time is earlier than the newest one (a reconnect, a
 * looping file) clears the ring first: frames from two timelines must never end up in one clip.
 */
public final class FrameRing {

    // Guard against a source whose stream time does not advance: time-based eviction would then never drop anything.
    private static final int MAX_FRAMES_PER_SECOND = 60;

    private final long windowMillis;
    private final int maxFrames;
    private final int jpegQuality;
    private final Deque<RingFrame> frames = new ArrayDeque<>();
    private long bytes;

    /**
     * @param seconds     how far behind the newest frame frames are kept
     * @param jpegQuality JPEG quality, 1 to 100 (OpenCV's default is 95; 80 is plenty for evidence clips)
     */
    public FrameRing(double seconds, int jpegQuality) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("frame ring seconds must be positive and finite, got " + seconds);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("frame ring JPEG quality must be 1 to 100, got " + jpegQuality);
        }
        this.windowMillis = Math.round(seconds * 1000);
        this.maxFrames = (int) Math.min(Integer.MAX_VALUE, Math.ceil(seconds * MAX_FRAMES_PER_SECOND) + 1);
        this.jpegQuality = jpegQuality;
    }

    /**
     * Encodes {@code bgrFrame} as JPEG and keeps it. The {@code Mat} is only read; the caller still owns it.
     *
     * @throws IllegalArgumentException when the frame is empty or cannot be encoded
     */
    public void add(Mat bgrFrame, long streamMillis, Instant wallTime) {
        Objects.requireNonNull(wallTime, "wallTime");
        RingFrame frame = new RingFrame(streamMillis, wallTime, encode(bgrFrame, streamMillis));
        synchronized (frames) {
            if (!frames.isEmpty() && streamMillis < frames.peekLast().streamMillis()) {
                frames.clear();
                bytes = 0;
            }
            frames.addLast(frame);
            bytes += frame.jpeg().length;
            long oldestKept = streamMillis - windowMillis;
            while (frames.peekFirst().streamMillis() < oldestKept || frames.size() > maxFrames) {
                bytes -= frames.removeFirst().jpeg().length;
            }
        }
    }

    private byte[] encode(Mat bgrFrame, long streamMillis) {
        if (bgrFrame == null || bgrFrame.empty()) {
            throw new IllegalArgumentException("frame at stream time " + streamMillis + " ms is empty");
        }
        MatOfByte buffer = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality);
        try {
            if (!Imgcodecs.imencode(".jpg", bgrFrame, buffer, params)) {
                throw new IllegalArgumentException("frame at stream time " + streamMillis + " ms ("
                        + bgrFrame + ") could not be encoded as JPEG");
            }
            return buffer.toArray();
        } finally {
            buffer.release();
            params.release();
        }
    }

    /** Frames with {@code fromMillis <= streamMillis <= toMillis}, oldest first. */
    public List<RingFrame> between(long fromMillis, long toMillis) {
        List<RingFrame> out = new ArrayList<>();
        synchronized (frames) {
            for (RingFrame f : frames) {
                if (f.streamMillis() >= fromMillis && f.streamMillis() <= toMillis) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** The frame whose stream time is closest to {@code millis}; on a tie the earlier one. Empty when the ring is. */
    public Optional<RingFrame> nearest(long millis) {
        RingFrame best = null;
        synchronized (frames) {
            for (RingFrame f : frames) {
                if (best == null || Math.abs(f.streamMillis() - millis) < Math.abs(best.streamMillis() - millis)) {
                    best = f;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Stream time of the newest frame; empty when the ring is. */
    public OptionalLong newestMillis() {
        synchronized (frames) {
            return frames.isEmpty() ? OptionalLong.empty() : OptionalLong.of(frames.peekLast().streamMillis());
        }
    }

    /** Frames held now (for a gauge). */
    public int size() {
        synchronized (frames) {
            return frames.size();
        }
    }

    /** JPEG bytes held now (for a gauge). */
    public long bytes() {
        synchronized (frames) {
            return bytes;
        }
    }

    /** Drops every frame, e.g. when the camera is removed. */
    public void clear() {
        synchronized (frames) {
            frames.clear();
            bytes = 0;
        }
    }
}
