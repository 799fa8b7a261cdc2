package io.timeshard.bench;

import static java.util.Objects.requireNonNull;

/** What an ingest benchmark loads: all rows of the setup by COPY, and the first {@code insertRows} of them by multi-row INSERT. */
public record IngestOptions(BenchmarkSetup setup, long insertRows) {
    public IngestOptions {
        requireNonNull(setup, "setup is null");
        if (insertRows <= 0 || insertRows > setup.rows()) {
            throw new IllegalArgumentException("insert rows must be between 1 and the rows (" + setup.rows() + "): " + insertRows);
        }
    }
}
