package io.timeshard.cli;

import io.timeshard.bench.DevopsBenchmark;
import io.timeshard.bench.DevopsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
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

    @Mixin
    BenchServerOptions servers;

    @Override
    public Integer call() throws IOException {
        DevopsOptions options = new DevopsOptions(hosts, hours, runs, seed, servers.dataNodes, servers.pgHome(), servers.workDirectory());
        BenchReportOutput.publish(new DevopsBenchmark(options, System.err).run(), servers.json);
        return 0;
    }
}
