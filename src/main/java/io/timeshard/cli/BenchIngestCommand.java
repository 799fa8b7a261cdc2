package io.timeshard.cli;

import io.timeshard.bench.BenchmarkReport;
import io.timeshard.bench.IngestBenchmark;
import io.timeshard.bench.IngestOptions;
import io.timeshard.bench.WorkloadRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The ingest measures of BENCHMARK.md on fresh scratch servers. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster and a scratch plain PostgreSQL, load the standard workload into both "
                + "by COPY and by multi-row INSERT, and compare the rows per second.",
                "The servers run without durability (fsync off) on both sides and are removed at the end."})
final class BenchIngestCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "" + WorkloadRows.DEFAULT_ROWS, description = "Rows loaded by COPY (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--insert-rows", defaultValue = "200000",
            description = "Rows loaded by INSERT, 1,000 a statement (default ${DEFAULT-VALUE}; at most --rows).")
    long insertRows;

    @Option(names = "--data-nodes", defaultValue = "3", description = "Data nodes of the timeshard cluster (default ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries, on both sides.")
    Path pgHome;

    @Option(names = "--json", defaultValue = "target/bench-ingest.json", description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Option(names = "--work-dir", description = "An empty directory for the servers' data, kept afterwards (default: a temporary directory, removed).")
    Path workDirectory;

    @Override
    public Integer call() throws IOException {
        long effectiveInsertRows = Math.min(insertRows, rows);
        if (effectiveInsertRows != insertRows) {
            System.err.printf("inserting %,d rows: --insert-rows is capped at --rows%n", effectiveInsertRows);
        }
        IngestOptions options = new IngestOptions(rows, effectiveInsertRows, dataNodes, Optional.ofNullable(pgHome),
                Optional.ofNullable(workDirectory));
        BenchmarkReport report = new IngestBenchmark(options, System.err).run();
        System.out.println();
        report.printTable(System.out);
        report.writeJson(json);
        System.err.println("wrote " + json);
        return 0;
    }
}
