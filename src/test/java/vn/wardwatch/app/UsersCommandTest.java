package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.wardwatch.auth.Role;
import vn.wardwatch.auth.UserRepository;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.storage.jdbc.Database;

/** {@code wardwatch users ...} as typed: the password on standard input, the database named by the config. */
class UsersCommandTest {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("ww.yaml"), """
                storage: {data_dir: %s}
                camera_groups:
                  center: [gate1]
                cameras:
                  gate1:
                    source: {url: samples/gate1.mp4}
                """.formatted(dir.resolve("data")));
    }

    /** Runs the command with {@code stdin} as standard input; returns the exit code, output in {@code out}. */
    private static int run(String stdin, StringWriter out, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(out, true));
            // As Main does: the user's mistakes are one line, not a stack trace.
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                commandLine.getErr().println("wardwatch: " + e.getMessage());
                return 2;
            });
            return cli.execute(args);
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void addReadsThePasswordFromStandardInputAndNeverPrintsIt() throws Exception {
        Path config = config();
        StringWriter out = new StringWriter();
        assertEquals(0, run("a-good-password-1\n", out, "users", "add", "root", "--role", "admin",
                "--config", config.toString()), out.toString());
        assertFalse(out.toString().contains("a-good-password-1"), out.toString());
        StringWriter refused = new StringWriter();
        assertEquals(2, run("short\n", refused, "users", "add", "lan", "--role", "officer", "--groups", "center",
                "--config", config.toString()));
        assertTrue(refused.toString().contains("at least 12"), refused.toString());
        StringWriter token = new StringWriter();
        assertEquals(0, run("", token, "users", "token", "ioc-hanoi", "--groups", "center",
                "--config", config.toString()));
        assertEquals(43, token.toString().strip().length(), "one base64url token of 32 bytes: " + token);
        try (Database database = Database.open(ConfigLoader.load(config).storage().databaseFile())) {
            UserRepository users = new UserRepository(database);
            assertEquals(Role.ADMIN, users.find("root").orElseThrow().role());
            assertTrue(users.find("lan").isEmpty());
            assertEquals(1, users.apiTokens().size());
        }
    }
}
