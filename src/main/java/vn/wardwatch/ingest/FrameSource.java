package vn.wardwatch.ingest;

import java.io.IOException;

/** A camera stream opened for reading frames one by one. */
public interface FrameSource extends AutoCloseable {

    /** Blocks until the next frame; returns null at the end of a finite stream. Throws when the stream fails. */
    Frame read() throws IOException;

    @Override
    void close();
}
