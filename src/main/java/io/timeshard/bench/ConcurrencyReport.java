package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;

import static io.timeshard.bench.BenchmarkReport.rounded;
import static java.util.Objects.requireNonNull;

/** The figures of one concurrency benchmark run: tps and latency of every script and protocol on both systems. */
public record ConcurrencyReport(RunEnvironment environment, int clients, double seconds, List<ConcurrencyMeasure> measures)
        implements BenchmarkReport {
    static final String TARGET = "timeshard tps >= 0.5x plain, p99 <= 3x plain, no failures";

    public ConcurrencyReport {
        requireNonNull(environment, "environment is null");
        measures = List.copyOf(measures);
    }

    @Override
    public String benchmark() {
        return "concurrency";
    }

    @Override
    public void printFigures(PrintStream out) {
        out.printf("%d clients, %.0f s a script and protocol after a warm-up; target: %s%n%n", clients, seconds, TARGET);
        TextTable table = new TextTable("script", "protocol", "timeshard tps", "plain tps", "ratio", "timeshard p50/p99 ms",
                "plain p50/p99 ms", "failures", "target");
        for (ConcurrencyMeasure measure : measures) {
            table.addRow(measure.script().title(), measure.protocol(), String.format("%,.0f", measure.timeshard().tps()),
                    String.format("%,.0f", measure.plain().tps()), String.format("%.3f", measure.tpsRatio()),
                    latencies(measure.timeshard()), latencies(measure.plain()),
                    measure.timeshard().failures() + " / " + measure.plain().failures(), measure.meetsTarget() ? "met" : "MISSED");
        }
        table.print(out);
        for (ConcurrencyMeasure measure : measures) {
            for (ClientLoad.Result result : List.of(measure.timeshard(), measure.plain())) {
                if (result.firstFailure() != null) {
                    out.printf("%s (%s) failed %,d times, first: %s%n", measure.script().title(), measure.protocol(), result.failures(),
                            result.firstFailure());
                }
            }
        }
    }

    private static String latencies(ClientLoad.Result result) {
        return String.format("%.2f / %.2f", result.p50Millis(), result.p99Millis());
    }

    @Override
    public void putFigures(ObjectNode root) {
        root.put("clients", clients);
        root.put("seconds", seconds);
        root.put("target", TARGET);
        ArrayNode list = root.putArray("measures");
        for (ConcurrencyMeasure measure : measures) {
            ObjectNode node = list.addObject();
            node.put("script", measure.script().name().toLowerCase(java.util.Locale.ROOT));
            node.put("description", measure.script().title());
            node.put("protocol", measure.protocol());
            put(node.putObject("timeshard"), measure.timeshard());
            put(node.putObject("plain"), measure.plain());
            node.put("tps_ratio", rounded(measure.tpsRatio()));
            node.put("meets_target", measure.meetsTarget());
        }
    }

    private static void put(ObjectNode node, ClientLoad.Result result) {
        node.put("tps", rounded(result.tps()));
        node.put("runs", result.runs());
        node.put("failures", result.failures());
        node.put("p50_ms", rounded(result.p50Millis()));
        node.put("p99_ms", rounded(result.p99Millis()));
    }
}
