package io.timeshard.plan;

import io.timeshard.catalog.Chunk;
import io.timeshard.exec.SortKey;
import io.timeshard.plan.DistributedPlan.NodeScan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * EXPLAIN of a distributed query in TimescaleDB's manner: the access node's step on top, then one
 * DataNodeScan per data node with its chunks and, with VERBOSE, the remote SQL exactly as sent.
 */
public final class PlanExplainer {
    /** What EXPLAIN ANALYZE measured on one node. */
    public record NodeRun(long rows, double milliseconds) {}

    private PlanExplainer() {}

    /** The plan's lines; {@code runs} holds what EXPLAIN ANALYZE measured, one per scan in order, or nothing. */
    public static List<String> lines(DistributedPlan plan, boolean verbose, List<NodeRun> runs) {
        List<String> lines = new ArrayList<>();
        lines.add(top(plan));
        lines.add("  Strategy: " + plan.strategy().label());
        if (plan.strategy() != Strategy.FULL) {
            lines.add("  Reason: " + plan.reason());
        }
        if (!plan.mergeKeys().isEmpty()) {
            lines.add("  Merge Key: " + plan.mergeKeys().stream().map(PlanExplainer::describe).collect(Collectors.joining(", ")));
        }
        if (plan.offset() > 0 || plan.limit().isPresent()) {
            lines.add("  Limit: " + (plan.limit().isPresent() ? String.valueOf(plan.limit().getAsLong()) : "ALL") + " Offset: " + plan.offset());
        }
        if (verbose) {
            plan.finalQuery().ifPresent(query -> lines.add("  Final SQL: " + query.sql()));
        }
        if (plan.scans().isEmpty()) {
            lines.add("  ->  Result (no chunk can match)");
        }
        for (int i = 0; i < plan.scans().size(); i++) {
            NodeScan scan = plan.scans().get(i);
            NodeRun run = runs.isEmpty() ? null : runs.get(i);
            lines.add("  ->  Custom Scan (DataNodeScan) on " + plan.relation()
                    + (run == null ? "" : String.format(Locale.ROOT, " (actual rows=%d time=%.3f ms)", run.rows(), run.milliseconds())));
            if (plan.strategy() != Strategy.FALLBACK && plan.aggregates()) {
                lines.add("        Relations: " + (plan.strategy() == Strategy.PARTIAL ? "Partial aggregate" : "Aggregate") + " on ("
                        + plan.relation() + ")");
            }
            lines.add("        Data node: " + scan.node());
            lines.add("        Chunks: " + scan.chunks().stream().map(Chunk::tableName).collect(Collectors.joining(", ")));
            if (scan.pageOrder()) {
                lines.add("        Scan Order: pages (index scans off, bitmap scans read each page once)");
            }
            if (verbose) {
                lines.add("        Remote SQL: " + scan.sql());
            }
        }
        return lines;
    }

    /** The access node's lines above the home database's own plan of a fallback query on the foreign path. */
    public static List<String> homeLines(DistributedPlan plan) {
        return List.of("Custom Scan (HomeQuery)", "  Strategy: " + plan.strategy().label(),
                "  Reason: " + plan.reason() + "; the home database runs it over the chunks' foreign tables");
    }

    private static String top(DistributedPlan plan) {
        if (plan.strategy() == Strategy.FALLBACK) {
            return "Custom Scan (HomeFallback)";
        }
        if (plan.finalQuery().isPresent()) {
            return plan.strategy() == Strategy.PARTIAL ? "Custom Scan (FinalizeAggregate)" : "Custom Scan (HomeSort)";
        }
        return plan.mergeKeys().isEmpty() ? "Custom Scan (AsyncAppend)" : "Custom Scan (AsyncMergeAppend)";
    }

    private static String describe(SortKey key) {
        return key.label() + (key.descending() ? " DESC" : "") + (key.nullsFirst() == key.descending() ? ""
                : key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
    }
}
