package vn.wardwatch.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;

/** Small helpers shared by the fault tests: a production-shaped config, finding and killing child processes. */
final class Faults {

    static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    private Faults() {
    }

    /** One RTSP camera "cam" as the YAML loader builds it; recording in 2 s segments when asked. */
    static AppConfig oneCamera(Path dataDir, String url, boolean recording) {
        String yaml = "api: {host: \"127.0.0.1\", port: 0}\n"
                + "storage: {data_dir: \"" + dataDir + "\"}\n"
                + "cameras:\n"
                + "  cam:\n"
                + "    source: {url: \"" + url + "\", stall_timeout_seconds: 3}\n"
                + "    detect: {width: 160, height: 120, fps: 5}\n"
                + (recording ? "    recording: {mode: always, segment_seconds: 2}\n" : "");
        return ConfigLoader.parse(yaml, "fault test config", Map.of());
    }

    /** Live descendants of this JVM whose command line contains every one of {@code parts}. */
    static List<ProcessHandle> children(String... parts) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> {
            String line = p.info().commandLine().orElse("");
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The one live descendant matching {@code parts}; fails when there is none or more than one. */
    static ProcessHandle onlyChild(String... parts) {
        List<ProcessHandle> found = children(parts);
        if (found.size() != 1) {
            throw new AssertionError("expected one child process with " + List.of(parts) + ", found "
                    + found.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        }
        return found.get(0);
    }

    /** SIGKILL, as `kill -9` would, and waits until the process is gone. */
    static void kill9(ProcessHandle p) throws Exception {
        p.destroyForcibly();
        p.onExit().get(10, TimeUnit.SECONDS);
    }

    /** Runs a command (mount, umount) and returns its exit code; output goes to the test's log. */
    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
