package io.timeshard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The benchmarks of BENCHMARK.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks with the standard workload (BENCHMARK.md): timeshard against one plain PostgreSQL.",
        subcommands = {BenchGenerateCommand.class, BenchIngestCommand.class, BenchQueryCommand.class, BenchConcurrencyCommand.class,
                BenchFailoverCommand.class, BenchRebalanceCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CommandLine.usage(spec.commandLine(), System.out);
    }
}
