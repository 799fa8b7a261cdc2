package io.timeshard.bench;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** How long loading a number of rows into one system took. */
public record LoadResult(long rows, Duration elapsed) {
    public LoadResult {
        requireNonNull(elapsed, "elapsed is null");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be positive: " + elapsed);
        }
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double rowsPerSecond() {
        return rows / seconds();
    }
}
