package io.timeshard.cli;

import io.timeshard.bench.DevopsBenchmark;
import io.timeshard.bench.DevopsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** TSBS's devops cpu-only queries, on its data shape, against one plain PostgreSQL. */
@Command(name = "devops", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster and a scratch plain PostgreSQL, load TSBS's devops cpu-only data (tags table,"
                + " hostname in the cpu table, a reading per host every 10 s from 2016-01-01) into both by COPY, then run TSBS's 15 cpu"
                + " query types through both, each with fresh random hosts and windows every run, and compare the median latencies,"
                + " timeshard's strategy and the rows.", "The servers run without durability (fsync off) on both sides and are removed"
                + " at the end."})
final class BenchDevopsCommand implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "100", description = "Hosts, TSBS's --scale (default ${DEFAULT-VALUE}; at least 8).")
    int hosts;

    @Option(names = "--hours", defaultValue = "24", description = "Hours of readings (default ${DEFAULT-VALUE}; more than 12).")
    int hours;

    @Option(names = "--runs", defaultValue = "10", description = "Timed runs per query type, after 2 warm-ups (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the readings and of the queries' hosts and windows (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-nodes", defaultValue = "3", description = "Data nodes of the timeshard cluster (default ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries, on both sides.")
    Path pgHome;

    @Option(names = "--work-dir", description = "An empty directory for the servers' data, kept afterwards (default: a temporary directory, removed).")
    Path workDirectory;

    @Option(names = "--json", defaultValue = "target/bench-devops.json", description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws IOException {
        DevopsOptions options = new DevopsOptions(hosts, hours, runs, seed, dataNodes, Optional.ofNullable(pgHome),
                Optional.ofNullable(workDirectory));
        BenchReportOutput.publish(new DevopsBenchmark(options, System.err).run(), json);
        return 0;
    }
}
