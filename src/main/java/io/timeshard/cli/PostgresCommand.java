package io.timeshard.cli;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.embedded.PostgresOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Runs one PostgreSQL configured to serve as a data node, in the foreground. */
@Command(name = "postgres", mixinStandardHelpOptions = true,
        description = "Run one bundled PostgreSQL, ready to serve as a data node, until Ctrl-C.")
final class PostgresCommand implements Callable<Integer> {
    @Option(names = "--data-dir", required = true, description = "Data directory; created on first run, kept afterwards.")
    Path dataDirectory;

    @Option(names = "--port", required = true, description = "TCP port on 127.0.0.1.")
    int port;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation (the directory holding bin/) to use instead of the bundled binaries.")
    Path pgHome;

    @Override
    public Integer call() throws InterruptedException {
        PostgresInstance instance = PostgresInstance.start(PostgresOptions.of(dataDirectory, port)
                .withPgHome(Optional.ofNullable(pgHome)).withLogToConsole(true));
        System.out.println("PostgreSQL is ready on 127.0.0.1:" + instance.port() + " (user postgres). Ctrl-C stops it.");
        instance.awaitExit();
        return 0;
    }
}
