package io.timeshard.bench;

/**
 * The latency timeshard aims at for each query: at most {@value #MAX_RATIO} times plain PostgreSQL's
 * median, or, for queries plain PostgreSQL answers in under {@value #FAST_QUERY_MILLIS} ms, at most
 * {@value #FAST_QUERY_ALLOWANCE_MILLIS} ms more, since there a fixed network hop to the data nodes
 * outweighs any ratio.
 */
public final class LatencyTarget {
    public static final double MAX_RATIO = 1.2;
    public static final double FAST_QUERY_MILLIS = 15;
    public static final double FAST_QUERY_ALLOWANCE_MILLIS = 3;
    public static final String DESCRIPTION = String.format("ratio <= %.1f, or timeshard <= plain + %.0f ms when plain < %.0f ms",
            MAX_RATIO, FAST_QUERY_ALLOWANCE_MILLIS, FAST_QUERY_MILLIS);

    private LatencyTarget() {}

    public static boolean isMet(double timeshardMillis, double plainMillis) {
        if (timeshardMillis <= plainMillis * MAX_RATIO) {
            return true;
        }
        return plainMillis < FAST_QUERY_MILLIS && timeshardMillis <= plainMillis + FAST_QUERY_ALLOWANCE_MILLIS;
    }
}
