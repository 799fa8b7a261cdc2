package io.timeshard.partition;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The column types a space dimension may have; {@link SpaceHash} hashes their typed values. */
public enum SpaceType {
    TEXT,
    VARCHAR,
    SMALLINT,
    INTEGER,
    BIGINT,
    UUID;

    /**
     * The type named by PostgreSQL's {@code format_type} (or its internal name). Names with a
     * type modifier, such as {@code character varying(10)}, are not accepted: PostgreSQL may
     * truncate such values on input, so their text would not be the stored value.
     */
    public static Optional<SpaceType> fromTypeName(String name) {
        requireNonNull(name, "name is null");
        return switch (name) {
            case "text" -> Optional.of(TEXT);
            case "character varying", "varchar" -> Optional.of(VARCHAR);
            case "smallint", "int2" -> Optional.of(SMALLINT);
            case "integer", "int4" -> Optional.of(INTEGER);
            case "bigint", "int8" -> Optional.of(BIGINT);
            case "uuid" -> Optional.of(UUID);
            default -> Optional.empty();
        };
    }
}
