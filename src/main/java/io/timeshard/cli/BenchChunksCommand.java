package io.timeshard.cli;

import io.timeshard.bench.ChunkScaleBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** A hypertable of many chunks: creating one more, and a query that needs one of them, on both query paths. */
@Command(name = "chunks", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster and a scratch plain PostgreSQL, fill a hypertable with --chunks one-hour"
                + " chunks (the same rows in one plain table), then time the creation of one more chunk and queries whose WHERE leaves"
                + " one chunk, on the access node's path and on the home path, with planning times and the access node's heap.",
                "The servers run without durability (fsync off) and are removed at the end."})
final class BenchChunksCommand implements Callable<Integer> {
    @Option(names = "--chunks", defaultValue = "10000", description = "Chunks in the hypertable (default ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--samples", defaultValue = "50", description = "Runs of each query, each for another hour (default ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    BenchSetupOptions setupOptions;

    @Override
    public Integer call() throws IOException {
        BenchReportOutput.publish(new ChunkScaleBenchmark(setupOptions.toSetup(), chunks, samples, System.err).run(), setupOptions.json());
        return 0;
    }
}
