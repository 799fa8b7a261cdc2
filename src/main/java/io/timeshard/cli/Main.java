package io.timeshard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The timeshard command line. */
@Command(name = "timeshard", mixinStandardHelpOptions = true, version = "timeshard 0.1.0",
        description = "A distributed time-series SQL database: an access node over plain PostgreSQL data nodes.",
        subcommands = {DemoCommand.class, StartCommand.class, PostgresCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        int exitCode = new CommandLine(new Main()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
