package io.timeshard.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** The options of a benchmark that starts its own servers: how many data nodes, which binaries, where, and where the JSON goes. */
final class BenchServerOptions {
    @Option(names = "--data-nodes", defaultValue = "3", description = "Data nodes of the timeshard cluster (default ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries, on both sides.")
    Path pgHome;

    @Option(names = "--work-dir", description = "An empty directory for the servers' data, kept afterwards (default: a temporary directory, removed).")
    Path workDirectory;

    // picocli puts in the name of the command that mixes these options in: target/bench-ingest.json, target/bench-query.json.
    @Option(names = "--json", defaultValue = "target/bench-${COMMAND-NAME}.json",
            description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    Optional<Path> pgHome() {
        return Optional.ofNullable(pgHome);
    }

    Optional<Path> workDirectory() {
        return Optional.ofNullable(workDirectory);
    }
}
