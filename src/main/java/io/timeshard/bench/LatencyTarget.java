package io.timeshard.bench;

import java.util.Locale;

/**
 * The latency timeshard aims at for a query: at most {@code maxRatio} times plain PostgreSQL's
 * median, or, for queries plain PostgreSQL answers in under {@code fastQueryMillis}, at most
 * {@code allowanceMillis} more, since there a fixed hop to the data nodes outweighs any ratio.
 */
public record LatencyTarget(double maxRatio, double fastQueryMillis, double allowanceMillis) {
    /** The standard workload's queries (BENCHMARK.md). */
    public static final LatencyTarget STANDARD = new LatencyTarget(1.2, 15, 3);
    /** TSBS's devops types: most take plain PostgreSQL a few milliseconds, where planning and round trips are most of any difference. */
    public static final LatencyTarget DEVOPS = new LatencyTarget(1.2, 20, 5);

    public boolean isMet(double timeshardMillis, double plainMillis) {
        if (timeshardMillis <= plainMillis * maxRatio) {
            return true;
        }
        return plainMillis < fastQueryMillis && timeshardMillis <= plainMillis + allowanceMillis;
    }

    public String description() {
        return String.format(Locale.ROOT, "ratio <= %.1f, or timeshard <= plain + %.0f ms when plain < %.0f ms", maxRatio, allowanceMillis,
                fastQueryMillis);
    }
}
