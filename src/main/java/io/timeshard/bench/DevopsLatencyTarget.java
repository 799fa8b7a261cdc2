package io.timeshard.bench;

/**
 * The latency timeshard aims at for each TSBS devops query type: at most {@value #MAX_RATIO} times
 * plain PostgreSQL's median, or, for types plain PostgreSQL answers in under
 * {@value #FAST_QUERY_MILLIS} ms, at most {@value #FAST_QUERY_ALLOWANCE_MILLIS} ms more. Looser for
 * fast queries than {@link LatencyTarget}: most TSBS types take plain PostgreSQL a few milliseconds,
 * where the access node's planning and its round trips to the data nodes are most of any difference.
 */
public final class DevopsLatencyTarget {
    public static final double MAX_RATIO = 1.2;
    public static final double FAST_QUERY_MILLIS = 20;
    public static final double FAST_QUERY_ALLOWANCE_MILLIS = 5;
    public static final String DESCRIPTION = String.format("ratio <= %.1f, or timeshard <= plain + %.0f ms when plain < %.0f ms",
            MAX_RATIO, FAST_QUERY_ALLOWANCE_MILLIS, FAST_QUERY_MILLIS);

    private DevopsLatencyTarget() {}

    public static boolean isMet(double timeshardMillis, double plainMillis) {
        if (timeshardMillis <= plainMillis * MAX_RATIO) {
            return true;
        }
        return plainMillis < FAST_QUERY_MILLIS && timeshardMillis <= plainMillis + FAST_QUERY_ALLOWANCE_MILLIS;
    }
}
