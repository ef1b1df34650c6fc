package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.wardwatch.config.OneCameraYaml.errors;
import static vn.wardwatch.config.OneCameraYaml.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster: section (issue 10): absent means one process; values; each mistake named by its path. */
class ClusterConfigTest {

    @Test
    void absentMeansOneProcessWithTheCommandLinesDefaults() {
        assertEquals(new ClusterConfig("all", "127.0.0.1", 5701, List.of(), "wardwatch", 5), parse("").cluster());
        assertEquals(ClusterConfig.NONE, parse("cluster:\n").cluster());
    }

    @Test
    void everyValueIsRead() {
        AppConfig app = parse("""
                cluster:
                  role: worker
                  host: 10.0.0.2
                  port: 5801
                  members: [10.0.0.1:5801, "10.0.0.2:5801"]
                  name: ward-7
                  failure_seconds: 8
                """);
        assertEquals(new ClusterConfig("worker", "10.0.0.2", 5801, List.of("10.0.0.1:5801", "10.0.0.2:5801"),
                "ward-7", 8), app.cluster());
    }

    @Test
    void eachMistakeNamesItsPath() {
        assertEquals(Set.of(
                "cluster.role: unknown role \"leader\" (expected one of: all, api, worker)",
                "cluster.host: must not be empty",
                "cluster.port: must be in 1..65535, got 70000",
                "cluster.members[1]: expected host:port, got \"10.0.0.2\"",
                "cluster.members[2]: expected host:port, got 5701",
                "cluster.name: must not be empty",
                "cluster.failure_seconds: must be in 2..300, got 1",
                "cluster.leader: unknown key (expected one of: role, host, port, members, name, failure_seconds)"),
                errors("""
                        cluster:
                          role: leader
                          host: " "
                          port: 70000
                          members: [10.0.0.1:5701, 10.0.0.2, 5701]
                          name: ""
                          failure_seconds: 1
                          leader: true
                        """));
        assertEquals(Set.of("cluster.members: expected a list, got \"10.0.0.1:5701,10.0.0.2:5701\""),
                errors("cluster:\n  members: 10.0.0.1:5701,10.0.0.2:5701\n"));
        assertEquals(Set.of("cluster: expected a mapping, got \"api\""), errors("cluster: api\n"));
    }

    @Test
    void commandLineValuesReplaceTheFilesOneByOne() {
        ClusterConfig file = new ClusterConfig("all", "10.0.0.2", 5801, List.of("10.0.0.1:5801"), "ward-7", 8);
        assertEquals(file, file.overriddenBy(null, null, null, null, null, null));
        assertEquals(new ClusterConfig("api", "10.0.0.9", 5901, List.of("10.0.0.9:5901"), "other", 3),
                file.overriddenBy("api", "10.0.0.9", 5901, List.of("10.0.0.9:5901"), "other", 3));
        assertEquals(new ClusterConfig("worker", "10.0.0.2", 5801, List.of("10.0.0.1:5801"), "ward-7", 8),
                file.overriddenBy("worker", null, null, null, null, null));
    }

    @Test
    void theExampleConfigRunsOneProcessAndItsCommentedSectionIsValid() throws Exception {
        assertEquals(ClusterConfig.NONE, ConfigLoader.load(Path.of("config/wardwatch.yaml")).cluster());
        List<String> lines = Files.readAllLines(Path.of("config/wardwatch.yaml"));
        int start = lines.indexOf("# cluster:");
        StringBuilder section = new StringBuilder();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("# "); i++) {
            section.append(lines.get(i).substring(2)).append('\n');
        }
        assertEquals(new ClusterConfig("all", "127.0.0.1", 5701,
                List.of("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3:5701"), "wardwatch", 5),
                parse(section.toString()).cluster());
    }
}
