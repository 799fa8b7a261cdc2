package io.timeshard.cli;

import io.timeshard.bench.BenchmarkSetup;
import io.timeshard.bench.ConcurrencyBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
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

    @Option(names = "--rows", defaultValue = "100000", description = "Rows in the table before the load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--data-nodes", defaultValue = "3", description = "Data nodes of the timeshard cluster (default ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries, on both sides.")
    Path pgHome;

    @Option(names = "--work-dir", description = "An empty directory for the servers' data, kept afterwards (default: a temporary directory, removed).")
    Path workDirectory;

    @Option(names = "--json", defaultValue = "target/bench-concurrency.json", description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws IOException {
        BenchmarkSetup setup = new BenchmarkSetup(rows, dataNodes, Optional.ofNullable(pgHome), Optional.ofNullable(workDirectory));
        BenchReportOutput.publish(new ConcurrencyBenchmark(setup, clients, seconds, System.err).run(), json);
        return 0;
    }
}
