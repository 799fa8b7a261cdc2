package io.timeshard.bench;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The timed runs of one query on one system, each including the fetch of all rows, and how many rows the query returned. */
public record QueryTimings(long rows, List<Duration> runs) {
    public QueryTimings {
        runs = List.copyOf(runs);
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("at least one timed run is needed");
        }
        for (Duration run : runs) {
            requireNonNull(run, "a run is null");
            if (run.isNegative()) {
                throw new IllegalArgumentException("a run took negative time: " + run);
            }
        }
    }

    /** The median in milliseconds: the middle run, or the mean of the two middle runs when their number is even. */
    public double medianMillis() {
        List<Duration> sorted = runs.stream().sorted().toList();
        int middle = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return millis(sorted.get(middle));
        }
        return (millis(sorted.get(middle - 1)) + millis(sorted.get(middle))) / 2;
    }

    public List<Double> runMillis() {
        return runs.stream().map(QueryTimings::millis).toList();
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
