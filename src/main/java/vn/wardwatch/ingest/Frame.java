package vn.wardwatch.ingest;

import java.time.Instant;
import org.opencv.core.Mat;

/**
 * One decoded frame of one camera. {@code streamMillis} is the stream's own timeline (frame index / fps),
 * {@code wallTime} is when the frame was read. The frame owns its Mat: close it when done.
 */
public record Frame(String cameraId, long sequence, long streamMillis, Instant wallTime, Mat image)
        implements AutoCloseable {

    @Override
    public void close() {
        image.release();
    }
}
