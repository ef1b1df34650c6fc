package vn.wardwatch.ingest;

import java.io.IOException;

/**
 * Opens a fresh source for a camera; called again on every restart. The sources it returns must let
 * {@link FrameSource#close()} be called from another thread while {@code read()} blocks, and make that read
 * return or throw promptly (the stall watchdog relies on it).
 */
@FunctionalInterface
public interface FrameSourceFactory {

    FrameSource open() throws IOException;
}
