package io.timeshard.bench;

import static java.util.Objects.requireNonNull;

/**
 * One devops query type on both systems: an example of its SQL, the strategy timeshard's EXPLAIN
 * showed for it, each side's runs, and in how many runs (warm-ups included) both sides answered and
 * how many of those answers differed.
 */
public record DevopsMeasure(DevopsQueryType type, String exampleSql, String strategy, String strategyReason, DevopsSide plain,
                            DevopsSide timeshard, int comparedRuns, int differentRuns) {
    public DevopsMeasure {
        requireNonNull(type, "type is null");
        requireNonNull(exampleSql, "exampleSql is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(strategyReason, "strategyReason is null");
        requireNonNull(plain, "plain is null");
        requireNonNull(timeshard, "timeshard is null");
        if (differentRuns < 0 || differentRuns > comparedRuns) {
            throw new IllegalArgumentException("different runs must be between 0 and the compared runs (" + comparedRuns + "): "
                    + differentRuns);
        }
    }

    public boolean bothFinished() {
        return plain.finished() && timeshard.finished();
    }

    /** Median latency of timeshard divided by that of plain PostgreSQL; only when both finished. */
    public double ratio() {
        return timeshard.medianMillis() / plain.medianMillis();
    }

    public boolean meetsTarget() {
        return bothFinished() && LatencyTarget.DEVOPS.isMet(timeshard.medianMillis(), plain.medianMillis());
    }

    public boolean sameRows() {
        return differentRuns == 0;
    }

    /** same, DIFFERENT, or - when no run finished on both sides. */
    String rowsCell() {
        if (differentRuns > 0) {
            return "DIFFERENT";
        }
        return comparedRuns == 0 ? "-" : "same";
    }
}
