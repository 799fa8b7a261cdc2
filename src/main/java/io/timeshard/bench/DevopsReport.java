package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import static io.timeshard.bench.BenchmarkReport.rounded;
import static java.util.Objects.requireNonNull;

/** The figures of one devops benchmark run: per TSBS query type the median latency on each system, against the target. */
public record DevopsReport(RunEnvironment environment, DevopsOptions options, List<DevopsMeasure> measures) implements BenchmarkReport {
    public DevopsReport {
        requireNonNull(environment, "environment is null");
        requireNonNull(options, "options is null");
        measures = List.copyOf(measures);
    }

    @Override
    public String benchmark() {
        return "devops";
    }

    @Override
    public void printFigures(PrintStream out) {
        out.printf("TSBS devops cpu-only: %d hosts, %d hours of readings every %d s from %s; median of %d runs after %d warm-ups, "
                        + "fresh random parameters every run (seed %d), each run cut off after %d s%ntarget: %s%n%n", options.hosts(),
                options.hours(), DevopsData.READING_SECONDS, DevopsQueries.time(DevopsData.START), options.runs(), DevopsBenchmark.WARM_UP_RUNS,
                options.seed(), DevopsBenchmark.STATEMENT_TIMEOUT_SECONDS, LatencyTarget.DEVOPS.description());
        TextTable table = new TextTable("query type", "plain median ms", "timeshard median ms", "ratio", "target met", "strategy", "rows");
        for (DevopsMeasure measure : measures) {
            table.addRow(measure.type().label(), measure.plain().medianCell(), measure.timeshard().medianCell(),
                    measure.bothFinished() ? String.format("%.2f", measure.ratio()) : "-", measure.meetsTarget() ? "met" : "MISSED",
                    measure.strategy(), measure.rowsCell());
        }
        table.print(out);
        out.printf("%n%d of %d query types meet the target%n", measures.stream().filter(DevopsMeasure::meetsTarget).count(), measures.size());
        for (DevopsMeasure measure : measures) {
            if (!measure.sameRows()) {
                out.printf("WARNING: %s answered differently on timeshard and plain PostgreSQL in %d of %d runs%n", measure.type().label(),
                        measure.differentRuns(), measure.comparedRuns());
            }
            printStop(out, measure, ComparedSessions.PLAIN, measure.plain());
            printStop(out, measure, ComparedSessions.TIMESHARD, measure.timeshard());
        }
    }

    private static void printStop(PrintStream out, DevopsMeasure measure, String system, DevopsSide side) {
        if (!side.finished()) {
            out.printf("%s on %s stopped, %s: %s%n", measure.type().label(), system, side.medianCell(), side.detail());
        }
    }

    @Override
    public void putFigures(ObjectNode root) {
        root.put("hosts", options.hosts());
        root.put("hours", options.hours());
        root.put("start", DevopsData.START.toString());
        root.put("reading_interval_s", DevopsData.READING_SECONDS);
        root.put("timed_runs", options.runs());
        root.put("warm_up_runs", DevopsBenchmark.WARM_UP_RUNS);
        root.put("seed", options.seed());
        root.put("statement_timeout_s", DevopsBenchmark.STATEMENT_TIMEOUT_SECONDS);
        root.put("target", LatencyTarget.DEVOPS.description());
        ArrayNode list = root.putArray("queries");
        for (DevopsMeasure measure : measures) {
            ObjectNode node = list.addObject();
            node.put("query_type", measure.type().label());
            node.put("example_sql", measure.exampleSql());
            node.put("strategy", measure.strategy());
            node.put("strategy_reason", measure.strategyReason());
            putSide(node.putObject("plain"), measure.plain());
            putSide(node.putObject("timeshard"), measure.timeshard());
            if (measure.bothFinished()) {
                node.put("ratio", rounded(measure.ratio()));
            } else {
                node.putNull("ratio");
            }
            node.put("meets_target", measure.meetsTarget());
            node.put("compared_runs", measure.comparedRuns());
            node.put("different_runs", measure.differentRuns());
            node.put("same_rows", measure.sameRows());
        }
    }

    private static void putSide(ObjectNode node, DevopsSide side) {
        node.put("outcome", side.outcome().name().toLowerCase(Locale.ROOT));
        if (side.finished()) {
            node.put("median_ms", rounded(side.medianMillis()));
        } else {
            node.putNull("median_ms");
            node.put("detail", side.detail());
        }
        node.put("rows_in_timed_runs", side.rows());
        ArrayNode runs = node.putArray("runs_ms");
        for (double millis : side.runMillis()) {
            runs.add(rounded(millis));
        }
    }
}
