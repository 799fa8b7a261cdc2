package io.timeshard.cli;

import io.timeshard.bench.QueryBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

/** The query measures of BENCHMARK.md on fresh scratch servers. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster and a scratch plain PostgreSQL, load the standard workload into both by COPY, "
                + "VACUUM ANALYZE, then time queries Q1 to Q6 on both (median of 5 runs after a warm-up) and compare.",
                "The servers run without durability (fsync off) on both sides and are removed at the end."})
final class BenchQueryCommand implements Callable<Integer> {
    @Mixin
    BenchSetupOptions setupOptions;

    @Override
    public Integer call() throws IOException {
        BenchReportOutput.publish(new QueryBenchmark(setupOptions.toSetup(), System.err).run(), setupOptions.json());
        return 0;
    }
}
