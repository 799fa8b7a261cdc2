package io.timeshard.bench;

import static java.util.Objects.requireNonNull;

/** One query timed on both systems. */
public record QueryMeasure(WorkloadQuery query, QueryTimings timeshard, QueryTimings plain) {
    public QueryMeasure {
        requireNonNull(query, "query is null");
        requireNonNull(timeshard, "timeshard is null");
        requireNonNull(plain, "plain is null");
    }

    /** Median latency of timeshard divided by that of plain PostgreSQL: above 1 means timeshard was slower. */
    public double ratio() {
        return timeshard.medianMillis() / plain.medianMillis();
    }

    public boolean meetsTarget() {
        return LatencyTarget.STANDARD.isMet(timeshard.medianMillis(), plain.medianMillis());
    }

    /** Both systems hold the same rows, so a different row count means one of them answered wrongly. */
    public boolean sameRowCount() {
        return timeshard.rows() == plain.rows();
    }
}
