package vn.wardwatch.evidence;

import java.time.Instant;
import java.util.Objects;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * One frame kept by a {@link FrameRing}: its stream time, the wall clock when it was read, and the frame as JPEG.
 * The array is not copied (a copy per frame would double the ring's churn): treat it as read-only.
 *
 * @param streamMillis the frame's time in the stream (milliseconds, from the source)
 * @param wallTime     when the frame was read
 * @param jpeg         the frame encoded as JPEG
 */
public record RingFrame(long streamMillis, Instant wallTime, byte[] jpeg) {

    public RingFrame {
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(jpeg, "jpeg");
    }

    /** The frame as a new BGR {@code Mat}; the caller releases it. */
    public Mat decode() {
        MatOfByte buffer = new MatOfByte(jpeg);
        try {
            Mat image = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
            if (image.empty()) {
                throw new IllegalStateException("ring frame at stream time " + streamMillis
                        + " ms is not a decodable JPEG (" + jpeg.length + " bytes)");
            }
            return image;
        } finally {
            buffer.release();
        }
    }
}
