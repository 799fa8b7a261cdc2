package io.timeshard.cli;

import io.timeshard.bench.CsvWorkloadStream;
import io.timeshard.bench.WorkloadRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;

/** Writes the workload's rows as CSV, e.g. to load them into another system. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the standard workload's rows as CSV (no header) to standard output.")
final class BenchGenerateCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "" + WorkloadRows.DEFAULT_ROWS, description = "Number of rows (default ${DEFAULT-VALUE}).")
    long rows;

    @Override
    public Integer call() {
        // Straight to file descriptor 1: the stream hands over blocks of 64 KiB, so no further buffering is needed.
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        try {
            new CsvWorkloadStream(rows).transferTo(out);
            out.flush();
            return 0;
        } catch (IOException e) {
            System.err.println("timeshard bench generate: cannot write to standard output: " + e.getMessage());
            return 1;
        }
    }
}
