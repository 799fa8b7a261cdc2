package io.timeshard.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The built-in types timeshard encodes itself, with their OIDs and sizes. */
public enum PgType {
    BOOL(16, 1),
    BYTEA(17, -1),
    NAME(19, 64),
    INT8(20, 8),
    INT2(21, 2),
    INT4(23, 4),
    TEXT(25, -1),
    OID(26, 4),
    FLOAT4(700, 4),
    FLOAT8(701, 8),
    BPCHAR(1042, -1),
    VARCHAR(1043, -1),
    DATE(1082, 4),
    TIMESTAMP(1114, 8),
    TIMESTAMPTZ(1184, 8),
    INTERVAL(1186, 16),
    NUMERIC(1700, -1),
    UUID(2950, 16),
    JSONB(3802, -1),
    TEXT_ARRAY(1009, -1),
    RECORD(2249, -1),
    UNKNOWN(705, -2);

    private final int oid;
    private final short size;

    PgType(int oid, int size) {
        this.oid = oid;
        this.size = (short) size;
    }

    public int oid() {
        return oid;
    }

    public short size() {
        return size;
    }

    public static Optional<PgType> fromOid(int oid) {
        return Arrays.stream(values()).filter(type -> type.oid == oid).findFirst();
    }
}
