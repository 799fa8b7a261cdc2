package io.timeshard.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The timeshard command line. */
@Command(name = "timeshard", mixinStandardHelpOptions = true, version = "timeshard 0.1.0",
        description = "A distributed time-series SQL database: an access node over plain PostgreSQL data nodes.",
        subcommands = {DemoCommand.class, StartCommand.class, PostgresCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        int exitCode = new CommandLine(new Main()).setExecutionExceptionHandler((failure, command, parsed) -> {
            // What went wrong, not where: the stack trace is for the debug log.
            LOG.debug("{} failed", command.getCommandName(), failure);
            command.getErr().println("timeshard " + command.getCommandName() + ": " + failure.getMessage());
            return 1;
        }).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
