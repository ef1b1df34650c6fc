package vn.wardwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code ./scripts/wardwatch COMMAND}. */
@Command(name = "wardwatch", mixinStandardHelpOptions = true, version = "WardWatch 0.1.0",
        description = "Traffic-camera analytics for a ward: counts, congestion and violation evidence.",
        subcommands = {ServeCommand.class, ReplayCommand.class, DetectCommand.class, PlatesCommand.class,
            EvalDetectionCommand.class, EvalPlatesCommand.class, EvalSignalsCommand.class, BenchCommand.class,
            KeysCommand.class, VerifyEvidenceCommand.class, BenchPushCommand.class,
            BenchRecordingCommand.class, BenchPrivacyCommand.class, VerifyAuditCommand.class,
            UsersCommand.class, BenchDbCommand.class})
public final class Main {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        // Bad configuration and bad input are the user's to fix: print the message, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("wardwatch: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
