package io.timeshard.cli;

import io.timeshard.bench.BenchmarkSetup;
import io.timeshard.bench.WorkloadRows;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of the benchmarks on the standard workload: how many rows, and {@link BenchServerOptions}. */
final class BenchSetupOptions {
    @Option(names = "--rows", description = "Rows loaded before the measures (default " + WorkloadRows.DEFAULT_ROWS
            + ", the standard workload; concurrency: " + CONCURRENCY_ROWS + ").")
    Long rows;

    @Mixin
    BenchServerOptions servers;

    static final long CONCURRENCY_ROWS = 100_000;

    BenchmarkSetup toSetup() {
        return toSetup(WorkloadRows.DEFAULT_ROWS);
    }

    BenchmarkSetup toSetup(long defaultRows) {
        return new BenchmarkSetup(rows == null ? defaultRows : rows, servers.dataNodes, servers.pgHome(), servers.workDirectory());
    }

    Path json() {
        return servers.json;
    }
}
