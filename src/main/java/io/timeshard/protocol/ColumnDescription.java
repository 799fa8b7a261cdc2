package io.timeshard.protocol;

import static java.util.Objects.requireNonNull;

/** One field of a RowDescription. */
public record ColumnDescription(String name, int tableOid, short columnNumber, int typeOid, short typeSize,
                                int typeModifier, short format) {
    public ColumnDescription {
        requireNonNull(name, "name is null");
    }

    public static ColumnDescription of(String name, PgType type) {
        return new ColumnDescription(name, 0, (short) 0, type.oid(), type.size(), -1, (short) 0);
    }

    public ColumnDescription withFormat(short newFormat) {
        return new ColumnDescription(name, tableOid, columnNumber, typeOid, typeSize, typeModifier, newFormat);
    }
}
