package vn.wardwatch.app;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import vn.wardwatch.audit.AuditTrail;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.auth.PasswordHasher;
import vn.wardwatch.auth.UserAdmin;
import vn.wardwatch.auth.UserRepository;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.storage.jdbc.Database;

/**
 * {@code wardwatch users ...}: users and machine tokens in the configured database (issue 8). Passwords are read
 * from standard input, never from arguments (they would show in the process list and the shell history).
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Add, list and disable users; change passwords; create and revoke machine tokens.",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class,
            UsersCommand.Passwd.class, UsersCommand.Token.class, UsersCommand.RevokeToken.class})
public final class UsersCommand {

    /** {@code --config} on every subcommand: {@code users add NAME --config FILE}. */
    static final class ConfigOption {
        @Option(names = {"-c", "--config"}, defaultValue = "config/wardwatch.yaml",
                description = "YAML configuration that names the database (default: ${DEFAULT-VALUE})")
        Path config;

        /** Runs {@code action} with the user administration of the configured database. */
        int withAdmin(AdminAction action) throws Exception {
            return UsersCommand.withAdmin(config, action);
        }
    }

    /** The users commands write to the same hash-chained audit log as the server. */
    static AuditTrail auditTrail(Database database, AppConfig app) {
        return new JdbcAuditLog(database, AuditAnchor.in(app.storage().dataDir()), Clock.systemUTC());
    }

    static int withAdmin(Path config, AdminAction action) throws Exception {
        AppConfig app = ConfigLoader.load(config);
        try (Database database = Database.open(app.storage())) {
            UserAdmin admin = new UserAdmin(new UserRepository(database), new PasswordHasher(),
                    auditTrail(database, app), app.auth().cameraGroups().keySet(), Clock.systemUTC(),
                    "cli:" + System.getProperty("user.name"));
            action.run(admin);
        }
        return 0;
    }

    interface AdminAction {
        void run(UserAdmin admin) throws Exception;
    }

    /** One line of standard input; on a terminal it is not echoed. */
    static char[] readPassword(String prompt) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? new char[0] : typed;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? new char[0] : line.toCharArray();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user; the password (at least 12 characters) is read from standard input.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption parent;
        @Parameters(index = "0", description = "user name")
        String name;
        @Option(names = "--role", required = true, description = "admin, officer or coordinator")
        String role;
        @Option(names = "--groups", description = "camera groups, comma-separated, or '*' (admin: default '*')")
        String groups;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return parent.withAdmin(admin -> {
                char[] password = readPassword("Password for " + name + ": ");
                admin.add(name, role, groups, password);
                java.util.Arrays.fill(password, '\0');
                spec.commandLine().getOut().println("added " + role + " " + name);
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and machine tokens.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        ConfigOption parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return parent.withAdmin(admin -> {
                PrintWriter out = spec.commandLine().getOut();
                admin.list().forEach(out::println);
            });
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a user and end their sessions.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        ConfigOption parent;
        @Parameters(index = "0", description = "user name")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return parent.withAdmin(admin -> {
                admin.disable(name);
                spec.commandLine().getOut().println("disabled " + name);
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a new password (read from standard input); ends the user's sessions.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        ConfigOption parent;
        @Parameters(index = "0", description = "user name")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return parent.withAdmin(admin -> {
                char[] password = readPassword("New password for " + name + ": ");
                admin.passwd(name, password);
                java.util.Arrays.fill(password, '\0');
                spec.commandLine().getOut().println("password changed for " + name);
            });
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Create a long-lived machine token (role ioc) and print it once.")
    static final class Token implements Callable<Integer> {
        @Mixin
        ConfigOption parent;
        @Parameters(index = "0", description = "token name, e.g. the operations centre's system")
        String name;
        @Option(names = "--groups", required = true, description = "camera groups, comma-separated, or '*'")
        String groups;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return parent.withAdmin(admin -> spec.commandLine().getOut().println(admin.token(name, groups)));
        }
    }

    @Command(name = "revoke-token", mixinStandardHelpOptions = true,
            description = "Revoke every machine token of that name.")
    static final class RevokeToken implements Callable<Integer> {
        @Mixin
        ConfigOption parent;
        @Parameters(index = "0", description = "token name")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return parent.withAdmin(admin -> spec.commandLine().getOut().println("revoked "
                    + admin.revokeToken(name) + " token(s) named " + name));
        }
    }
}
