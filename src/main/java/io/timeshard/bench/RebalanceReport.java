package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

import static java.util.Objects.requireNonNull;

/**
 * The figures of a rebalance run: its time, moves and the spread it left, rows moved per second
 * against a plain COPY between the same nodes, the writer's statements and worst latency
 * meanwhile, and the rows found afterwards.
 */
public record RebalanceReport(RunEnvironment environment, double seconds, String moves, String spread, long rowsMoved,
                              double plainCopyRowsPerSecond, long writerRows, long writerFailures, double writerWorstMillis,
                              long loadedRowsFound, long writerRowsFound, long writerRowsDistinct) implements BenchmarkReport {
    public static final double WORST_LATENCY_TARGET_MILLIS = 1_000;
    public static final double THROUGHPUT_TARGET = 0.5;

    public RebalanceReport {
        requireNonNull(environment, "environment is null");
        requireNonNull(moves, "moves is null");
        requireNonNull(spread, "spread is null");
    }

    public double rowsMovedPerSecond() {
        return seconds == 0 ? 0 : rowsMoved / seconds;
    }

    public long lostRows() {
        return environment.rows() - loadedRowsFound + Math.max(0, writerRows - writerRowsDistinct);
    }

    public long duplicateRows() {
        return Math.max(0, loadedRowsFound - environment.rows()) + (writerRowsFound - writerRowsDistinct);
    }

    @Override
    public String benchmark() {
        return "rebalance";
    }

    @Override
    public void printFigures(PrintStream out) {
        double ratio = plainCopyRowsPerSecond == 0 ? 0 : rowsMovedPerSecond() / plainCopyRowsPerSecond;
        TextTable table = new TextTable("figure", "value", "target");
        table.addRow("rebalance time", String.format("%.1f s", seconds), "");
        table.addRow("moves done/planned, failed", moves, "");
        table.addRow("chunks per node after", spread, "equal ±1");
        table.addRow("rows moved", String.format("%,d", rowsMoved), "");
        table.addRow("rows moved per second", String.format("%,.0f", rowsMovedPerSecond()), "");
        table.addRow("plain COPY of a chunk between the nodes", String.format("%,.0f rows/s", plainCopyRowsPerSecond), "");
        table.addRow("move throughput against plain COPY", String.format("%.2fx", ratio), ">= 0.50x " + met(ratio >= THROUGHPUT_TARGET));
        table.addRow("writer rows acknowledged (10-row INSERTs)", String.format("%,d", writerRows), "");
        table.addRow("writer rows per second during the moves", String.format("%,.0f", seconds == 0 ? 0 : writerRows / seconds), "");
        table.addRow("writer statements failed", String.valueOf(writerFailures), "");
        table.addRow("writer's worst statement latency", String.format("%.0f ms", writerWorstMillis),
                "<= 1000 ms " + met(writerWorstMillis <= WORST_LATENCY_TARGET_MILLIS));
        table.addRow("rows lost", String.valueOf(lostRows()), "0 " + met(lostRows() == 0));
        table.addRow("rows stored twice", String.valueOf(duplicateRows()), "0 " + met(duplicateRows() == 0));
        table.print(out);
    }

    private static String met(boolean met) {
        return met ? "(met)" : "(missed)";
    }

    @Override
    public void putFigures(ObjectNode root) {
        root.put("seconds", seconds).put("moves", moves).put("spread", spread).put("rows_moved", rowsMoved)
                .put("rows_moved_per_second", rowsMovedPerSecond()).put("plain_copy_rows_per_second", plainCopyRowsPerSecond)
                .put("writer_rows", writerRows).put("writer_failures", writerFailures).put("writer_worst_ms", writerWorstMillis)
                .put("lost_rows", lostRows()).put("duplicate_rows", duplicateRows());
    }
}
