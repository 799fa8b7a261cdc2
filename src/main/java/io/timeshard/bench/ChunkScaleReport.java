package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The figures of a many-chunk run: chunks, the time to create one more, each query's median against
 * plain PostgreSQL with planning times, and the access node's heap (bytes in use after a collection)
 * at the start, after loading and after the queries.
 */
public record ChunkScaleReport(RunEnvironment environment, long chunks, double creationMedianMillis, double creationP95Millis,
                               List<Measure> measures, long heapAtStart, long heapLoaded, long heapQueried) implements BenchmarkReport {
    public static final double CREATION_TARGET_MILLIS = 50;
    public static final double QUERY_MARGIN_MILLIS = 5;

    /** One query shape: medians of its latency and of PostgreSQL's planning time; {@code homePlanningMillis} -1 when not at home. */
    public record Measure(String name, double plainMillis, double timeshardMillis, double plainPlanningMillis, double homePlanningMillis) {
        public Measure {
            requireNonNull(name, "name is null");
        }

        boolean met() {
            return timeshardMillis <= plainMillis + QUERY_MARGIN_MILLIS;
        }
    }

    public ChunkScaleReport {
        requireNonNull(environment, "environment is null");
        measures = List.copyOf(measures);
    }

    @Override
    public String benchmark() {
        return "chunks";
    }

    @Override
    public void printFigures(PrintStream out) {
        TextTable table = new TextTable("figure", "value", "target");
        table.addRow("chunks in the hypertable", String.format("%,d", chunks), "");
        table.addRow("creating one more chunk, median (p95)", String.format("%.1f ms (%.1f ms)", creationMedianMillis, creationP95Millis),
                "< 50 ms " + met(creationMedianMillis < CREATION_TARGET_MILLIS));
        for (Measure measure : measures) {
            table.addRow(measure.name() + ", median", String.format("%.2f ms against plain %.2f ms", measure.timeshardMillis(),
                    measure.plainMillis()), "<= plain + 5 ms " + met(measure.met()));
            table.addRow("  planning at home (plain PostgreSQL)", measure.homePlanningMillis() < 0
                    ? String.format("- (%.2f ms)", measure.plainPlanningMillis())
                    : String.format("%.2f ms (%.2f ms)", measure.homePlanningMillis(), measure.plainPlanningMillis()), "");
        }
        table.addRow("access node heap after GC: start, loaded, queried", String.format("%s, %s, %s", megabytes(heapAtStart),
                megabytes(heapLoaded), megabytes(heapQueried)), "");
        table.print(out);
    }

    private static String megabytes(long bytes) {
        return String.format("%.0f MB", bytes / 1048576.0);
    }

    private static String met(boolean met) {
        return met ? "(met)" : "(missed)";
    }

    @Override
    public void putFigures(ObjectNode root) {
        root.put("chunks", chunks).put("chunk_creation_median_ms", creationMedianMillis).put("chunk_creation_p95_ms", creationP95Millis)
                .put("heap_start_bytes", heapAtStart).put("heap_loaded_bytes", heapLoaded).put("heap_queried_bytes", heapQueried);
        ArrayNode queries = root.putArray("queries");
        for (Measure measure : measures) {
            queries.addObject().put("name", measure.name()).put("plain_ms", measure.plainMillis()).put("timeshard_ms", measure.timeshardMillis())
                    .put("plain_planning_ms", measure.plainPlanningMillis()).put("home_planning_ms", measure.homePlanningMillis())
                    .put("met", measure.met());
        }
    }
}
