package io.timeshard.bench;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What every benchmark loads and where: the first {@code rows} workload rows, on a scratch cluster of
 * {@code dataNodes} data nodes and one scratch plain PostgreSQL, both of the binaries in {@code pgHome}
 * (the bundled ones when empty), with their data in {@code workDirectory} (a temporary directory when empty).
 */
public record BenchmarkSetup(long rows, int dataNodes, Optional<Path> pgHome, Optional<Path> workDirectory) {
    public BenchmarkSetup {
        requireNonNull(pgHome, "pgHome is null");
        requireNonNull(workDirectory, "workDirectory is null");
        if (rows <= 0 || rows > WorkloadRows.MAX_ROWS) {
            throw new IllegalArgumentException("rows must be between 1 and " + WorkloadRows.MAX_ROWS + ": " + rows);
        }
        if (dataNodes <= 0) {
            throw new IllegalArgumentException("data nodes must be positive: " + dataNodes);
        }
    }
}
