package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;

import static io.timeshard.bench.BenchmarkReport.rounded;
import static java.util.Objects.requireNonNull;

/** The figures of one ingest benchmark run: rows per second on each system for each way of loading. */
public record IngestReport(RunEnvironment environment, List<IngestMeasure> measures) implements BenchmarkReport {
    public IngestReport {
        requireNonNull(environment, "environment is null");
        measures = List.copyOf(measures);
    }

    @Override
    public String benchmark() {
        return "ingest";
    }

    @Override
    public void printFigures(PrintStream out) {
        out.println();
        TextTable table = new TextTable("measure", "timeshard rows/s", "plain rows/s", "ratio");
        for (IngestMeasure measure : measures) {
            table.addRow(measure.description(), String.format("%,.0f", measure.timeshard().rowsPerSecond()),
                    String.format("%,.0f", measure.plain().rowsPerSecond()), String.format("%.2f", measure.ratio()));
        }
        table.print(out);
    }

    @Override
    public void putFigures(ObjectNode root) {
        ArrayNode list = root.putArray("measures");
        for (IngestMeasure measure : measures) {
            ObjectNode node = list.addObject();
            node.put("measure", measure.name());
            node.put("description", measure.description());
            node.put("rows", measure.rows());
            node.put("timeshard_rows_per_second", Math.round(measure.timeshard().rowsPerSecond()));
            node.put("plain_rows_per_second", Math.round(measure.plain().rowsPerSecond()));
            node.put("ratio", rounded(measure.ratio()));
            node.put("timeshard_seconds", rounded(measure.timeshard().seconds()));
            node.put("plain_seconds", rounded(measure.plain().seconds()));
        }
    }
}
