package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ClusterConfig;
import vn.wardwatch.config.ConfigLoader;

/** serve's --role and --cluster-* options override the config file's cluster: section, value by value. */
class ServeClusterOptionsTest {

    private static final AppConfig FILE = ConfigLoader.parse("""
            cluster:
              role: worker
              host: 10.0.0.2
              port: 5801
              members: [10.0.0.1:5801, 10.0.0.2:5801]
              name: ward-7
              failure_seconds: 8
            cameras:
              gate1:
                source: {url: rtsp://cam.local/stream}
            """, "t", Map.of());

    private static ServeCommand serve(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void theFileDecidesWhatTheCommandLineLeavesOut() {
        assertEquals(FILE.cluster(), serve().cluster(FILE));
        assertEquals(new ClusterConfig("api", "10.0.0.2", 5801, List.of("10.0.0.1:5801", "10.0.0.2:5801"),
                "ward-7", 8), serve("--role", "api").cluster(FILE));
        assertEquals(new ClusterConfig("api", "127.0.0.9", 5901, List.of("127.0.0.9:5901"), "t2", 3),
                serve("--role", "api", "--cluster-host", "127.0.0.9", "--cluster-port", "5901",
                        "--cluster-members", "127.0.0.9:5901", "--cluster-name", "t2",
                        "--cluster-failure-seconds", "3").cluster(FILE));
    }

    @Test
    void withoutASectionTheCommandLineAloneStillWorksAndRoleApiNeedsMembers() {
        AppConfig plain = ConfigLoader.parse("cameras:\n  gate1:\n    source: {url: rtsp://cam.local/stream}\n",
                "t", Map.of());
        assertEquals(ClusterConfig.NONE, serve().cluster(plain));
        assertEquals(new ClusterConfig("worker", "127.0.0.1", 5701, List.of("127.0.0.1:5701", "127.0.0.1:5702"),
                "wardwatch", 5), serve("--role", "worker", "--cluster-members", "127.0.0.1:5701,127.0.0.1:5702")
                .cluster(plain));
        CommandLine.ParameterException missing = assertThrows(CommandLine.ParameterException.class,
                () -> serve("--role", "api").cluster(plain));
        assertEquals("--cluster-members (or cluster.members in config/wardwatch.yaml): required with role api",
                missing.getMessage());
        CommandLine.ParameterException unknown = assertThrows(CommandLine.ParameterException.class,
                () -> serve("--role", "leader").cluster(FILE));
        assertEquals("--role: unknown role 'leader' (expected all, api or worker)", unknown.getMessage());
    }

    @Test
    void eventsModeRecordingIsRefusedInAClusterNamingTheCamera() {
        AppConfig events = ConfigLoader.parse("""
                cameras:
                  gate1:
                    source: {url: rtsp://cam.local/1}
                    recording: {mode: always}
                  gate2:
                    source: {url: rtsp://cam.local/2}
                    recording: {mode: events}
                """, "t", Map.of());
        for (String role : List.of("api", "worker")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> serve("--role", role, "--cluster-members", "127.0.0.1:5701").cluster(events));
            assertEquals("recording mode 'events' is not supported in cluster mode (the activity it keeps segments"
                    + " by is seen on the worker, retention runs on the api node): set cameras.gate2.recording.mode"
                    + " to 'always', or run in one process", refused.getMessage());
        }
        assertEquals(ClusterConfig.NONE, serve().cluster(events)); // one process records events mode as before
    }
}
