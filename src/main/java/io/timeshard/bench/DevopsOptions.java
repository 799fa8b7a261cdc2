package io.timeshard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a devops benchmark loads and runs: {@code hours} of readings of {@code hosts} hosts, then
 * each query type {@code runs} times, its random hosts and windows drawn from {@code seed}; on a
 * scratch cluster of {@code dataNodes} data nodes and one plain PostgreSQL, as in {@link BenchmarkSetup}.
 */
public record DevopsOptions(int hosts, int hours, int runs, long seed, int dataNodes, Optional<Path> pgHome,
                            Optional<Path> workDirectory) {
    public DevopsOptions {
        requireNonNull(pgHome, "pgHome is null");
        requireNonNull(workDirectory, "workDirectory is null");
        if (hosts < DevopsQueries.MOST_HOSTS) {
            throw new IllegalArgumentException("hosts must be at least " + DevopsQueries.MOST_HOSTS + ", the most a query names: " + hosts);
        }
        if (hours <= DevopsQueries.LONGEST_WINDOW.toHours()) {
            throw new IllegalArgumentException("hours must exceed " + DevopsQueries.LONGEST_WINDOW.toHours()
                    + ", the longest window a query reads, so that windows can start at random: " + hours);
        }
        if (runs <= 0) {
            throw new IllegalArgumentException("runs must be positive: " + runs);
        }
    }

    public long readings() {
        return DevopsData.readings(hosts, hours);
    }

    Duration loaded() {
        return Duration.ofHours(hours);
    }

    BenchmarkSetup setup() {
        return new BenchmarkSetup(readings(), dataNodes, pgHome, workDirectory);
    }
}
