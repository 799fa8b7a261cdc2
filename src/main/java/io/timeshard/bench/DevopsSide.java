package io.timeshard.bench;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One system's part in a devops query type's measure: the timed runs it finished, the rows they
 * returned together, and how it ended; a system that timed out or failed runs no more of the type.
 */
public record DevopsSide(List<Duration> runs, long rows, Outcome outcome, String detail) {
    public enum Outcome {
        FINISHED,
        TIMED_OUT,
        FAILED
    }

    public DevopsSide {
        runs = List.copyOf(runs);
        requireNonNull(outcome, "outcome is null");
        requireNonNull(detail, "detail is null");
        if (outcome == Outcome.FINISHED && runs.isEmpty()) {
            throw new IllegalArgumentException("a finished side has timed runs");
        }
    }

    static DevopsSide finished(List<Duration> runs, long rows) {
        return new DevopsSide(runs, rows, Outcome.FINISHED, "");
    }

    public boolean finished() {
        return outcome == Outcome.FINISHED;
    }

    /** The median of the timed runs; only for a finished side. */
    public double medianMillis() {
        if (!finished()) {
            throw new IllegalStateException("no median: the side " + outcome + ": " + detail);
        }
        return new QueryTimings(rows, runs).medianMillis();
    }

    /** The median for the table, or what stopped the side. */
    String medianCell() {
        return switch (outcome) {
            case FINISHED -> String.format("%,.2f", medianMillis());
            case TIMED_OUT -> "timeout";
            case FAILED -> "error";
        };
    }

    List<Double> runMillis() {
        return runs.stream().map(run -> run.toNanos() / 1e6).toList();
    }
}
