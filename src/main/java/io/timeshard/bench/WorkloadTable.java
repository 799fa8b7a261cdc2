package io.timeshard.bench;

import java.util.List;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** A table of the standard workload's shape (BENCHMARK.md) and the statements the benchmark sends about it. */
public record WorkloadTable(String name) {
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public WorkloadTable {
        requireNonNull(name, "name is null");
        if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
            // Only lower-case identifiers that need no quoting, so the statements below read as in BENCHMARK.md.
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
    }

    public String createTable() {
        return "CREATE TABLE " + name + " (time TIMESTAMPTZ NOT NULL, location TEXT NOT NULL, "
                + "temperature DOUBLE PRECISION NULL, humidity DOUBLE PRECISION NULL)";
    }

    /** Makes the table a distributed hypertable on timeshard, which also creates the two default indexes. */
    public String createDistributedHypertable() {
        return "SELECT create_distributed_hypertable('" + name + "', 'time', 'location', chunk_time_interval => INTERVAL '1 day')";
    }

    /** The indexes the plain PostgreSQL baseline gets: those a distributed hypertable has by default. */
    public List<String> createBaselineIndexes() {
        return List.of("CREATE INDEX ON " + name + " (time DESC)", "CREATE INDEX ON " + name + " (location, time DESC)");
    }

    public String copyCsvFromStdin() {
        return "COPY " + name + " FROM STDIN (FORMAT csv)";
    }

    public String insertInto() {
        return "INSERT INTO " + name + " (time, location, temperature, humidity) VALUES ";
    }

    public String vacuumAnalyze() {
        return "VACUUM ANALYZE " + name;
    }

    public String countRows() {
        return "SELECT count(*) FROM " + name;
    }
}
