package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;

import static io.timeshard.bench.BenchmarkReport.rounded;
import static java.util.Objects.requireNonNull;

/** The figures of one query benchmark run: the median latency of each query on each system, against the target. */
public record QueryReport(RunEnvironment environment, List<QueryMeasure> measures) implements BenchmarkReport {
    public QueryReport {
        requireNonNull(environment, "environment is null");
        measures = List.copyOf(measures);
    }

    @Override
    public String benchmark() {
        return "query";
    }

    @Override
    public void printFigures(PrintStream out) {
        out.printf("median of %d runs after one warm-up, all rows read; target: %s%n%n", QueryTimer.TIMED_RUNS, LatencyTarget.STANDARD.description());
        TextTable table = new TextTable("query", "timeshard ms", "plain ms", "ratio", "target");
        for (QueryMeasure measure : measures) {
            table.addRow(measure.query().title(), String.format("%,.2f", measure.timeshard().medianMillis()),
                    String.format("%,.2f", measure.plain().medianMillis()), String.format("%.2f", measure.ratio()),
                    measure.meetsTarget() ? "met" : "MISSED");
        }
        table.print(out);
        out.printf("%n%d of %d queries meet the target%n", measures.stream().filter(QueryMeasure::meetsTarget).count(), measures.size());
        for (QueryMeasure measure : measures) {
            if (!measure.sameRowCount()) {
                out.printf("WARNING: %s returned %,d rows on timeshard but %,d on plain PostgreSQL%n", measure.query().name(),
                        measure.timeshard().rows(), measure.plain().rows());
            }
        }
    }

    @Override
    public void putFigures(ObjectNode root) {
        root.put("timed_runs", QueryTimer.TIMED_RUNS);
        root.put("target", LatencyTarget.STANDARD.description());
        ArrayNode list = root.putArray("queries");
        for (QueryMeasure measure : measures) {
            ObjectNode node = list.addObject();
            node.put("query", measure.query().name());
            node.put("description", measure.query().description());
            node.put("timeshard_sql", measure.query().sql());
            node.put("plain_sql", measure.query().plainSql());
            node.put("timeshard_median_ms", rounded(measure.timeshard().medianMillis()));
            node.put("plain_median_ms", rounded(measure.plain().medianMillis()));
            node.put("ratio", rounded(measure.ratio()));
            node.put("meets_target", measure.meetsTarget());
            node.put("timeshard_rows", measure.timeshard().rows());
            node.put("plain_rows", measure.plain().rows());
            node.put("same_row_count", measure.sameRowCount());
            putRuns(node.putArray("timeshard_runs_ms"), measure.timeshard());
            putRuns(node.putArray("plain_runs_ms"), measure.plain());
        }
    }

    private static void putRuns(ArrayNode array, QueryTimings timings) {
        for (double millis : timings.runMillis()) {
            array.add(rounded(millis));
        }
    }
}
