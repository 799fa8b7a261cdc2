package io.timeshard.bench;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What an ingest benchmark loads and where: {@code rows} rows by COPY, the first {@code insertRows}
 * of them by multi-row INSERT, into a cluster of {@code dataNodes} data nodes and one plain PostgreSQL.
 */
public record IngestOptions(long rows, long insertRows, int dataNodes, Optional<Path> pgHome, Optional<Path> workDirectory) {
    public IngestOptions {
        requireNonNull(pgHome, "pgHome is null");
        requireNonNull(workDirectory, "workDirectory is null");
        if (rows <= 0 || rows > WorkloadRows.MAX_ROWS) {
            throw new IllegalArgumentException("rows must be between 1 and " + WorkloadRows.MAX_ROWS + ": " + rows);
        }
        if (insertRows <= 0 || insertRows > rows) {
            throw new IllegalArgumentException("insert rows must be between 1 and the rows (" + rows + "): " + insertRows);
        }
        if (dataNodes <= 0) {
            throw new IllegalArgumentException("data nodes must be positive: " + dataNodes);
        }
    }
}
