package io.timeshard.cli;

import io.timeshard.bench.BenchmarkSetup;
import io.timeshard.bench.WorkloadRows;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** The options every benchmark that starts its own servers takes: how many rows, how many data nodes, which binaries, where, and where the JSON goes. */
final class BenchSetupOptions {
    @Option(names = "--rows", description = "Rows loaded before the measures (default " + WorkloadRows.DEFAULT_ROWS
            + ", the standard workload; concurrency: " + CONCURRENCY_ROWS + ").")
    Long rows;

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

    static final long CONCURRENCY_ROWS = 100_000;

    BenchmarkSetup toSetup() {
        return toSetup(WorkloadRows.DEFAULT_ROWS);
    }

    BenchmarkSetup toSetup(long defaultRows) {
        return new BenchmarkSetup(rows == null ? defaultRows : rows, dataNodes, Optional.ofNullable(pgHome), Optional.ofNullable(workDirectory));
    }
}
