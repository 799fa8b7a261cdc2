package io.timeshard.cli;

import io.timeshard.bench.BenchmarkReport;

import java.io.IOException;
import java.nio.file.Path;

/** Where a benchmark's results go: the table to standard output (apart from the progress on standard error), the JSON to a file. */
final class BenchReportOutput {
    private BenchReportOutput() {}

    static void publish(BenchmarkReport report, Path json) throws IOException {
        System.out.println();
        report.printTable(System.out);
        report.writeJson(json);
        System.err.println("wrote " + json);
    }
}
