package io.timeshard.cli;

import io.timeshard.bench.ConcurrencyBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** Many small statements from many clients, against one plain PostgreSQL. */
@Command(name = "concurrency", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster and a scratch plain PostgreSQL with the same table and rows, then run"
                + " each pgbench-like script from N clients at once, in the simple and the extended protocol, on both, and compare"
                + " tps and latency.", "The servers run without durability (fsync off) on both sides and are removed at the end."})
final class BenchConcurrencyCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "16", description = "Clients at once, each on its own connection (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "Timed seconds per script, protocol and system (default ${DEFAULT-VALUE}).")
    double seconds;

    @Mixin
    BenchSetupOptions setupOptions;

    @Override
    public Integer call() throws IOException {
        BenchReportOutput.publish(new ConcurrencyBenchmark(setupOptions.toSetup(BenchSetupOptions.CONCURRENCY_ROWS), clients, seconds,
                System.err).run(), setupOptions.json());
        return 0;
    }
}
