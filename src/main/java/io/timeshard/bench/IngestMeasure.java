package io.timeshard.bench;

import static java.util.Objects.requireNonNull;

/** One ingest measure taken on both systems: the same rows loaded the same way into timeshard and into plain PostgreSQL. */
public record IngestMeasure(String name, String description, LoadResult timeshard, LoadResult plain) {
    public IngestMeasure {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(timeshard, "timeshard is null");
        requireNonNull(plain, "plain is null");
        if (timeshard.rows() != plain.rows()) {
            throw new IllegalArgumentException("the two systems loaded different row counts: " + timeshard.rows() + " and " + plain.rows());
        }
    }

    public long rows() {
        return plain.rows();
    }

    /** Throughput of timeshard divided by that of plain PostgreSQL: above 1 means timeshard was faster. */
    public double ratio() {
        return timeshard.rowsPerSecond() / plain.rowsPerSecond();
    }
}
