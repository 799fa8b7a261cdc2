package io.timeshard.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static java.util.Objects.requireNonNull;

/** What any benchmark figure must be quoted with (BENCHMARK.md, Reporting): the machine, the PostgreSQL version and the setup. */
public record RunEnvironment(int cores, String postgresVersion, long rows, int dataNodes) {
    public RunEnvironment {
        requireNonNull(postgresVersion, "postgresVersion is null");
    }

    static RunEnvironment of(BenchmarkSetup setup, String postgresVersion) {
        return new RunEnvironment(Runtime.getRuntime().availableProcessors(), postgresVersion, setup.rows(), setup.dataNodes());
    }

    /** The first line of a benchmark's table, e.g. {@code timeshard query benchmark: 200,000 rows, 3 data nodes, ...}. */
    String headline(String benchmark) {
        return String.format("timeshard %s benchmark: %,d rows, %d data node%s, PostgreSQL %s, %d cores", benchmark, rows, dataNodes,
                dataNodes == 1 ? "" : "s", postgresVersion, cores);
    }

    void putJson(ObjectNode root) {
        root.put("cores", cores);
        root.put("postgres_version", postgresVersion);
        root.put("rows", rows);
        root.put("data_nodes", dataNodes);
    }
}
