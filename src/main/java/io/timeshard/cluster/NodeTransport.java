package io.timeshard.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the access node and the home database's foreign servers reach data nodes: TLS as libpq's
 * environment asks for it (PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, read from the access
 * node's environment), so that one setting covers both pgjdbc's connections and postgres_fdw's.
 * Passwords can stay out of the catalog: pgjdbc reads PGPASSFILE (or ~/.pgpass) for a node
 * added without one.
 */
public record NodeTransport(Map<String, String> options) {
    private static final List<String> VARIABLES = List.of("PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY");

    public NodeTransport {
        options = Map.copyOf(options);
    }

    static final NodeTransport CURRENT = fromEnvironment(System.getenv());

    /** libpq's connection option names (sslmode, ...) and values, for the variables that are set. */
    static NodeTransport fromEnvironment(Map<String, String> environment) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty()) {
                options.put(variable.substring(2).toLowerCase(java.util.Locale.ROOT), value);
            }
        }
        return new NodeTransport(options);
    }

    /** pgjdbc takes libpq's names for these. */
    void applyTo(Properties properties) {
        options.forEach(properties::setProperty);
    }
}
