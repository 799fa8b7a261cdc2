package io.timeshard.cli;

import io.timeshard.bench.BenchmarkSetup;
import io.timeshard.bench.IngestBenchmark;
import io.timeshard.bench.IngestOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** The ingest measures of BENCHMARK.md on fresh scratch servers. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster and a scratch plain PostgreSQL, load the standard workload into both "
                + "by COPY and by multi-row INSERT, and compare the rows per second.",
                "The servers run without durability (fsync off) on both sides and are removed at the end."})
final class BenchIngestCommand implements Callable<Integer> {
    @Mixin
    BenchSetupOptions setupOptions;

    @Option(names = "--insert-rows", defaultValue = "200000",
            description = "Rows loaded by INSERT, 1,000 a statement (default ${DEFAULT-VALUE}; at most --rows).")
    long insertRows;

    @Override
    public Integer call() throws IOException {
        BenchmarkSetup setup = setupOptions.toSetup();
        long effectiveInsertRows = Math.min(insertRows, setup.rows());
        if (effectiveInsertRows != insertRows) {
            System.err.printf("inserting %,d rows: --insert-rows is capped at --rows%n", effectiveInsertRows);
        }
        BenchReportOutput.publish(new IngestBenchmark(new IngestOptions(setup, effectiveInsertRows), System.err).run(), setupOptions.json());
        return 0;
    }
}
