package io.timeshard.partition;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The column types a time dimension may have. Each value has an internal time value, a long:
 * microseconds since 1970-01-01 00:00:00 (UTC for timestamptz, wall clock for timestamp,
 * midnight for date), or the integer itself.
 */
public enum TimeType {
    TIMESTAMPTZ,
    TIMESTAMP,
    DATE,
    SMALLINT,
    INTEGER,
    BIGINT;

    /**
     * The type named by PostgreSQL's {@code format_type} (or its internal name). Names with a
     * type modifier, such as {@code timestamp(3) with time zone}, are not accepted: PostgreSQL
     * rounds such values on input, which the internal value would not reflect.
     */
    public static Optional<TimeType> fromTypeName(String name) {
        requireNonNull(name, "name is null");
        return switch (name) {
            case "timestamp with time zone", "timestamptz" -> Optional.of(TIMESTAMPTZ);
            case "timestamp without time zone", "timestamp" -> Optional.of(TIMESTAMP);
            case "date" -> Optional.of(DATE);
            case "smallint", "int2" -> Optional.of(SMALLINT);
            case "integer", "int4" -> Optional.of(INTEGER);
            case "bigint", "int8" -> Optional.of(BIGINT);
            default -> Optional.empty();
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case TIMESTAMPTZ, TIMESTAMP, DATE -> false;
            case SMALLINT, INTEGER, BIGINT -> true;
        };
    }
}
