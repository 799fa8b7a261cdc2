package io.timeshard.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How to run one bundled PostgreSQL: its data directory (kept across restarts), its port, the
 * binaries, extra server settings, and whether its log goes to the console or to a file.
 */
public record PostgresOptions(Path dataDirectory, int port, Optional<Path> pgHome, Map<String, String> settings,
                              boolean logToConsole) {
    public PostgresOptions {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(pgHome, "pgHome is null");
        settings = Map.copyOf(settings);
    }

    public static PostgresOptions of(Path dataDirectory, int port) {
        return new PostgresOptions(dataDirectory, port, Optional.empty(), Map.of(), false);
    }

    public PostgresOptions withPgHome(Optional<Path> newPgHome) {
        return new PostgresOptions(dataDirectory, port, newPgHome, settings, logToConsole);
    }

    public PostgresOptions withSetting(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(name, value);
        return new PostgresOptions(dataDirectory, port, pgHome, more, logToConsole);
    }

    public PostgresOptions withLogToConsole(boolean newLogToConsole) {
        return new PostgresOptions(dataDirectory, port, pgHome, settings, newLogToConsole);
    }

    /** Settings for throwaway instances (tests, benchmarks' scratch clusters): no fsync. */
    public PostgresOptions withoutDurability() {
        return withSetting("fsync", "off").withSetting("synchronous_commit", "off").withSetting("full_page_writes", "off");
    }
}
