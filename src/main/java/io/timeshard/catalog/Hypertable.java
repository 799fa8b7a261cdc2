package io.timeshard.catalog;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A distributed hypertable: its root table in the home database, dimensions and data nodes. */
public record Hypertable(int id, String schemaName, String tableName, String associatedSchemaName,
                         String associatedTablePrefix, int replicationFactor, TimeDimension time,
                         Optional<SpaceDimension> space, List<String> dataNodes) {
    public Hypertable {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(associatedSchemaName, "associatedSchemaName is null");
        requireNonNull(associatedTablePrefix, "associatedTablePrefix is null");
        requireNonNull(time, "time is null");
        requireNonNull(space, "space is null");
        dataNodes = List.copyOf(dataNodes);
    }

    /** The time dimension: column, its PostgreSQL type name, and the chunk interval in internal time units. */
    public record TimeDimension(String column, String type, long interval) {
        public TimeDimension {
            requireNonNull(column, "column is null");
            requireNonNull(type, "type is null");
        }
    }

    /** The space dimension: column, its PostgreSQL type name, and the number of hash partitions for new chunks. */
    public record SpaceDimension(String column, String type, int partitions) {
        public SpaceDimension {
            requireNonNull(column, "column is null");
            requireNonNull(type, "type is null");
        }
    }

    /** "schema.table" as the user named it, for messages. */
    public String displayName() {
        return schemaName.equals("public") ? tableName : schemaName + "." + tableName;
    }
}
