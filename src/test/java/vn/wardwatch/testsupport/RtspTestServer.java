package vn.wardwatch.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real RTSP camera for tests: runs {@code scripts/rtsp_server.py} (GStreamer) as a child process on a free
 * port, serving Annex-B H.264 files that loop forever. Stop and restart it to make the camera die and come back.
 * <pre>
 * try (RtspTestServer server = RtspTestServer.start(Map.of("cam", clip.h264()))) {
 *     String url = server.url("cam");   // rtsp://127.0.0.1:PORT/cam
 * }
 * </pre>
 */
public final class RtspTestServer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3"; // Debian's, which has the gi bindings
    private static final long READY_TIMEOUT_SECONDS = 15;
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final Map<String, Path> streams;
    private final int port;
    private final Path log;
    private Process process;

    private RtspTestServer(Map<String, Path> streams, int port) throws IOException {
        this.streams = new LinkedHashMap<>(streams);
        this.port = port;
        this.log = Files.createTempFile("rtsp-server-" + port + "-", ".log");
    }

    /** Starts a server on a free port serving each {@code name -> Annex-B file}. */
    public static RtspTestServer start(Map<String, Path> streams) throws IOException, InterruptedException {
        RtspTestServer server = new RtspTestServer(streams, freePort());
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    public String url(String name) {
        if (!streams.containsKey(name)) {
            throw new IllegalArgumentException("no stream " + name + " on this server: " + streams.keySet());
        }
        return "rtsp://127.0.0.1:" + port + "/" + name;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Sends SIGTERM and waits for the server to exit (killing it if it does not). */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            resume(); // a frozen process would not act on SIGTERM
        } catch (IOException e) {
            // Fall through to the forced kill below.
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Freezes the server (SIGSTOP): connections stay open but deliver nothing, like a hung camera. */
    public synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Undoes {@link #pause()} (SIGCONT). */
    public synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Stops (if running) and starts again on the same port, like a camera rebooting. */
    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private synchronized void startProcess() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1"));
        streams.forEach((name, file) -> cmd.addAll(List.of("--stream", name + "=" + file.toAbsolutePath())));
        process = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process started = process;
        Thread reader = new Thread(() -> readStdout(started, ready), "rtsp-server-stdout-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stop();
            throw new IOException("RTSP server on port " + port + " did not become ready: " + e.getMessage()
                    + "\n" + Files.readString(log), e);
        }
    }

    /** Completes {@code ready} on the READY line, then keeps draining so the child never blocks on a full pipe. */
    private static void readStdout(Process p, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IOException("server exited before READY"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    private static Path script() {
        Path script = Path.of(System.getProperty("user.dir"), "scripts", "rtsp_server.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("cannot find " + script + " (run tests from the project root)");
        }
        return script;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
