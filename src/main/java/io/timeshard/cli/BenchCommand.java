package io.timeshard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The benchmarks: those of BENCHMARK.md, and TSBS's devops queries. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of timeshard against one plain PostgreSQL: the standard workload (BENCHMARK.md), and TSBS's"
                + " devops queries.",
        subcommands = {BenchGenerateCommand.class, BenchIngestCommand.class, BenchQueryCommand.class, BenchConcurrencyCommand.class,
                BenchFailoverCommand.class, BenchRebalanceCommand.class, BenchDevopsCommand.class, BenchChunksCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CommandLine.usage(spec.commandLine(), System.out);
    }
}
