package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timeshard.bench.FailoverLoad.Second;
import io.timeshard.bench.FailoverScenario.Timeline;

import java.io.PrintStream;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The figures of a failover run: each second's succeeded and failed operations, how long the
 * access node took to notice the dead node, how much of the load kept succeeding from
 * {@link #SETTLE_SECONDS} after the kill until the node returned (against the rate before the kill),
 * how long the repair took, and whether every acknowledged row and every replica survived.
 */
public record FailoverReport(String postgresVersion, int dataNodes, Timeline timeline, double killedAt, double detectSeconds,
                             double restartedAt, double repairSeconds, List<Second> seconds, Integrity integrity, List<String> failures)
        implements BenchmarkReport {
    /** The outage is judged from this long after the kill: detection and retries may take that. */
    public static final int SETTLE_SECONDS = 3;
    /** The load before the kill is measured from here: connections and the first chunks are made before. */
    private static final int WARM_UP_SECONDS = 2;
    public static final double SUCCESS_TARGET = 0.99;
    public static final double RATE_TARGET = 0.5;

    /** Rows acknowledged and found, ids stored twice, replicas that differ, prepared transactions left. */
    public record Integrity(long acknowledgedRows, long storedRows, long lostRows, long duplicateRows, int chunks,
                            List<String> replicaMismatches, long preparedTransactions) {
        public Integrity {
            replicaMismatches = List.copyOf(replicaMismatches);
        }
    }

    /** Operations of one kind in a span of seconds: succeeded, failed, and succeeded per second. */
    public record Span(long succeeded, long failed, double perSecond) {
        public double successShare() {
            return succeeded + failed == 0 ? 0 : (double) succeeded / (succeeded + failed);
        }
    }

    public FailoverReport {
        requireNonNull(postgresVersion, "postgresVersion is null");
        seconds = List.copyOf(seconds);
        failures = List.copyOf(failures);
    }

    public Span writesBefore() {
        return span(WARM_UP_SECONDS, timeline.killAt(), true);
    }

    public Span readsBefore() {
        return span(WARM_UP_SECONDS, timeline.killAt(), false);
    }

    public Span writesDuringOutage() {
        return span(timeline.killAt() + SETTLE_SECONDS, timeline.restartAt(), true);
    }

    public Span readsDuringOutage() {
        return span(timeline.killAt() + SETTLE_SECONDS, timeline.restartAt(), false);
    }

    private Span span(int from, int to, boolean writes) {
        long succeeded = 0;
        long failed = 0;
        for (Second second : seconds.subList(Math.min(from, seconds.size()), Math.min(to, seconds.size()))) {
            succeeded += writes ? second.writesOk() : second.readsOk();
            failed += writes ? second.writesFailed() : second.readsFailed();
        }
        return new Span(succeeded, failed, to > from ? (double) succeeded / (to - from) : 0);
    }

    /** Every target of the failover issue: success and rate during the outage, nothing lost, replicas equal after repair. */
    public boolean targetsMet() {
        return writesDuringOutage().successShare() >= SUCCESS_TARGET && readsDuringOutage().successShare() >= SUCCESS_TARGET
                && writesDuringOutage().perSecond() >= RATE_TARGET * writesBefore().perSecond()
                && readsDuringOutage().perSecond() >= RATE_TARGET * readsBefore().perSecond()
                && integrity.lostRows() == 0 && integrity.replicaMismatches().isEmpty() && !Double.isNaN(repairSeconds);
    }

    @Override
    public String benchmark() {
        return "failover";
    }

    @Override
    public RunEnvironment environment() {
        return new RunEnvironment(Runtime.getRuntime().availableProcessors(), postgresVersion, integrity.storedRows(), dataNodes);
    }

    @Override
    public void printFigures(PrintStream out) {
        out.printf("%d writers (10-row INSERTs), %d readers (a count or an aggregate every 200 ms), replication factor 2;"
                + " data node dn1 frozen and killed at %.1f s, started again at %.1f s%n%n", timeline.writers(), timeline.readers(),
                killedAt, restartedAt);
        TextTable perSecond = new TextTable("second", "writes ok", "writes failed", "reads ok", "reads failed");
        for (Second second : seconds) {
            perSecond.addRow(String.valueOf(second.second()), String.valueOf(second.writesOk()), String.valueOf(second.writesFailed()),
                    String.valueOf(second.readsOk()), String.valueOf(second.readsFailed()));
        }
        perSecond.print(out);
        out.println();
        Span writesBefore = writesBefore();
        Span readsBefore = readsBefore();
        Span writesOutage = writesDuringOutage();
        Span readsOutage = readsDuringOutage();
        TextTable summary = new TextTable("figure", "value", "target");
        summary.addRow("time to detect", String.format("%.2f s", detectSeconds), "");
        summary.addRow("writes/s before the kill", String.format("%.1f", writesBefore.perSecond()), "");
        summary.addRow("reads/s before the kill", String.format("%.1f", readsBefore.perSecond()), "");
        summary.addRow("writes succeeded during the outage", percent(writesOutage.successShare()), ">= 99% " + met(writesOutage.successShare() >= SUCCESS_TARGET));
        summary.addRow("reads succeeded during the outage", percent(readsOutage.successShare()), ">= 99% " + met(readsOutage.successShare() >= SUCCESS_TARGET));
        summary.addRow("write rate during the outage", ratio(writesOutage, writesBefore), ">= 0.50x " + met(writesOutage.perSecond() >= RATE_TARGET * writesBefore.perSecond()));
        summary.addRow("read rate during the outage", ratio(readsOutage, readsBefore), ">= 0.50x " + met(readsOutage.perSecond() >= RATE_TARGET * readsBefore.perSecond()));
        summary.addRow("time to repair after the restart", String.format("%.1f s", repairSeconds), "");
        summary.addRow("acknowledged rows", String.format("%,d", integrity.acknowledgedRows()), "");
        summary.addRow("acknowledged rows lost", String.valueOf(integrity.lostRows()), "0 " + met(integrity.lostRows() == 0));
        summary.addRow("ids stored twice", String.valueOf(integrity.duplicateRows()), "0 " + met(integrity.duplicateRows() == 0));
        summary.addRow("chunks whose replicas differ", integrity.replicaMismatches().size() + " of " + integrity.chunks(),
                "0 " + met(integrity.replicaMismatches().isEmpty()));
        summary.addRow("prepared transactions left", String.valueOf(integrity.preparedTransactions()), "");
        summary.print(out);
        out.println();
        out.println("outage: from " + SETTLE_SECONDS + " s after the kill until the restart");
        failures.forEach(failure -> out.println("failed: " + failure));
        integrity.replicaMismatches().forEach(mismatch -> out.println("differing replicas: " + mismatch));
        out.println(targetsMet() ? "all targets met" : "targets missed");
    }

    private static String percent(double share) {
        return String.format("%.2f%%", share * 100);
    }

    private static String ratio(Span during, Span before) {
        return String.format("%.2fx (%.1f/s)", before.perSecond() == 0 ? 0 : during.perSecond() / before.perSecond(), during.perSecond());
    }

    private static String met(boolean met) {
        return met ? "(met)" : "(missed)";
    }

    @Override
    public void putFigures(ObjectNode root) {
        root.put("writers", timeline.writers()).put("readers", timeline.readers()).put("killed_at", killedAt)
                .put("restarted_at", restartedAt).put("detect_seconds", detectSeconds).put("repair_seconds", repairSeconds);
        putSpan(root.putObject("writes_before"), writesBefore());
        putSpan(root.putObject("reads_before"), readsBefore());
        putSpan(root.putObject("writes_during_outage"), writesDuringOutage());
        putSpan(root.putObject("reads_during_outage"), readsDuringOutage());
        root.put("acknowledged_rows", integrity.acknowledgedRows()).put("stored_rows", integrity.storedRows())
                .put("lost_rows", integrity.lostRows()).put("duplicate_rows", integrity.duplicateRows()).put("chunks", integrity.chunks())
                .put("replica_mismatches", integrity.replicaMismatches().size())
                .put("prepared_transactions", integrity.preparedTransactions()).put("targets_met", targetsMet());
        ArrayNode failed = root.putArray("failures");
        failures.forEach(failed::add);
        ArrayNode perSecond = root.putArray("seconds");
        for (Second second : seconds) {
            perSecond.addObject().put("second", second.second()).put("writes_ok", second.writesOk())
                    .put("writes_failed", second.writesFailed()).put("reads_ok", second.readsOk()).put("reads_failed", second.readsFailed());
        }
    }

    private static void putSpan(ObjectNode node, Span span) {
        node.put("succeeded", span.succeeded()).put("failed", span.failed()).put("per_second", span.perSecond());
    }
}
