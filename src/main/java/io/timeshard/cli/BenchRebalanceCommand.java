package io.timeshard.cli;

import io.timeshard.bench.RebalanceBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

/** The standard workload rebalanced onto a new data node while a client writes. */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = {"Start a scratch timeshard cluster with one data node more than --data-nodes, load the standard workload on"
                + " the others, attach the last one and rebalance while a client inserts into the loaded days; report the time, rows"
                + " moved per second against a plain COPY between the nodes, the writer's worst latency, and lost or doubled rows.",
                "The servers run without durability (fsync off) and are removed at the end."})
final class BenchRebalanceCommand implements Callable<Integer> {
    @Mixin
    BenchSetupOptions setupOptions;

    @Override
    public Integer call() throws IOException {
        BenchReportOutput.publish(new RebalanceBenchmark(setupOptions.toSetup(), System.err).run(), setupOptions.json());
        return 0;
    }
}
