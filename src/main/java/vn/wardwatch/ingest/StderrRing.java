package vn.wardwatch.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Drains a child's stderr on its own thread (a full pipe would block the child) and keeps the last few lines,
 * redacted, for error messages.
 */
public final class StderrRing {

    // JDK logging: slf4j is not on the compile classpath (vertx's BOM scopes it to tests).
    private static final Logger LOG = LoggerFactory.getLogger(StderrRing.class);

    private final Deque<String> lines = new ArrayDeque<>();
    private final int capacity;
    private final Thread thread;

    public StderrRing(InputStream stderr, int capacity, UnaryOperator<String> redact, String cameraId) {
        this.capacity = capacity;
        this.thread = new Thread(() -> drain(stderr, redact, cameraId), "ffmpeg-stderr-" + cameraId);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(InputStream stderr, UnaryOperator<String> redact, String cameraId) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String safe = redact.apply(line.strip());
                if (safe.isEmpty()) {
                    continue;
                }
                LOG.debug("camera {} ffmpeg: {}", cameraId, safe);
                synchronized (lines) {
                    if (lines.size() == capacity) {
                        lines.removeFirst();
                    }
                    lines.addLast(safe);
                }
            }
        } catch (IOException e) {
            // The pipe closes when the process is killed; nothing left to read.
        }
    }

    /** Waits a little for the last lines once the process has exited. */
    public void awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
    }

    public List<String> lastLines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
