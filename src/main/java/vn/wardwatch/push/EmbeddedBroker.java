package vn.wardwatch.push;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A local Moquette MQTT broker on 127.0.0.1, for {@code bench-push} and the tests: anonymous, in memory, no
 * telemetry. Not for production; the operations centre runs its own broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Server server = new Server();
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    /** Starts on {@code port}, or on a free port when it is 0. */
    public static EmbeddedBroker start(int port) {
        int chosen = port == 0 ? freePort() : port;
        EmbeddedBroker broker = new EmbeddedBroker(chosen);
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(chosen));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        try {
            p.setProperty("data_path", Files.createTempDirectory("wardwatch-mqtt").toString());
            broker.server.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MQTT broker on port " + chosen, e);
        }
        return broker;
    }

    /** Sees every message that reaches the broker (tests check what arrived, whoever subscribes). */
    public void addInterceptHandler(io.moquette.interception.InterceptHandler handler) {
        server.addInterceptHandler(handler);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the MQTT broker", e);
        }
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
