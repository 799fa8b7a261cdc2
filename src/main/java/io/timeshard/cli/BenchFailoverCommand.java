package io.timeshard.cli;

import io.timeshard.bench.FailoverBenchmark;
import io.timeshard.bench.FailoverScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** A data node killed under load and started again: what keeps working, and what the repair leaves. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster, write and read a hypertable with replication factor 2 from many clients,"
                + " freeze and kill data node dn1 (postmaster and backends) and start it again later; report each second's"
                + " succeeded and failed operations, the time to detect and to repair, and check every acknowledged row and every"
                + " replica.", "The servers run without durability (fsync off) and are removed at the end."})
final class BenchFailoverCommand implements Callable<Integer> {
    @Option(names = "--writers", defaultValue = "16", description = "Clients writing 10-row batches (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--readers", defaultValue = "4", description = "Clients reading every 200 ms (default ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--kill-at", defaultValue = "15", description = "Second of the load at which dn1 is killed (default ${DEFAULT-VALUE}).")
    int killAt;

    @Option(names = "--restart-at", defaultValue = "40", description = "Second at which dn1 is started again (default ${DEFAULT-VALUE}).")
    int restartAt;

    @Option(names = "--seconds", defaultValue = "50", description = "Seconds the load runs (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--data-nodes", defaultValue = "3", description = "Data nodes of the cluster (default ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--pg-home", description = "A local PostgreSQL installation to use instead of the bundled binaries.")
    Path pgHome;

    @Option(names = "--work-dir", description = "An empty directory for the servers' data, kept afterwards (default: a temporary directory, removed).")
    Path workDirectory;

    @Option(names = "--json", defaultValue = "target/bench-failover.json", description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws IOException {
        FailoverScenario.Timeline timeline = new FailoverScenario.Timeline(killAt, restartAt, seconds, writers, readers);
        BenchReportOutput.publish(new FailoverBenchmark(dataNodes, Optional.ofNullable(pgHome), Optional.ofNullable(workDirectory),
                timeline, System.err).run(), json);
        return 0;
    }
}
