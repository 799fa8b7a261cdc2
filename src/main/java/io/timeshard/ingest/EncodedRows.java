package io.timeshard.ingest;

import io.timeshard.catalog.Hypertable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;

import java.util.List;

/** Text rows split into fields and encoded as binary tuples, with their time value and space hash. */
final class EncodedRows {
    private final Hypertable hypertable;
    private final List<String> columns;
    private final TupleEncoder tuples;
    private final String[] fields;
    private final FieldSpans spans;
    private final TimeType timeType;
    private final SpaceType spaceType;
    private final int timeIndex;
    private final int spaceIndex;

    EncodedRows(Hypertable hypertable, List<String> columns, TupleEncoder tuples) {
        this.hypertable = hypertable;
        this.columns = columns;
        this.tuples = tuples;
        this.fields = new String[columns.size()];
        this.spans = new FieldSpans(columns.size());
        this.timeType = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
        this.spaceType = hypertable.space().flatMap(space -> SpaceType.fromTypeName(space.type())).orElse(null);
        this.timeIndex = columns.indexOf(hypertable.time().column());
        this.spaceIndex = hypertable.space().map(space -> columns.indexOf(space.column())).orElse(-1);
        if (timeIndex < 0) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "rows for distributed hypertable \""
                    + hypertable.displayName() + "\" must give its time column \"" + hypertable.time().column() + "\"");
        }
    }

    TupleEncoder tuples() {
        return tuples;
    }

    void encode(RowFormat format, byte[] data, int start, int end, long rowNumber) {
        int count = format.spans(data, start, end, spans);
        checkFieldCount(count);
        if (spans.nulls[timeIndex]) {
            throw nullTime();
        }
        tuples.encode(data, spans, rowNumber);
    }

    /** Encodes a row given as text fields (null for NULL), one per column. */
    void encode(String[] row, long rowNumber) {
        System.arraycopy(row, 0, fields, 0, Math.min(row.length, fields.length));
        encode(row.length, rowNumber);
    }

    private void encode(int count, long rowNumber) {
        checkFieldCount(count);
        if (fields[timeIndex] == null) {
            throw nullTime();
        }
        tuples.encode(fields, rowNumber);
    }

    private void checkFieldCount(int count) {
        if (count < fields.length) {
            throw TimeshardException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "missing data for column \"" + columns.get(count) + "\"");
        }
        if (count > fields.length) {
            throw TimeshardException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "extra data after last expected column");
        }
    }

    private TimeshardException nullTime() {
        return TimeshardException.of(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + hypertable.time().column()
                + "\" of relation \"" + hypertable.tableName() + "\" violates not-null constraint");
    }

    long time() {
        int start = tuples.valueStart(timeIndex);
        byte[] buffer = tuples.buffer();
        return switch (timeType) {
            // Read in place: the commonest types need no copy of the value.
            case TIMESTAMPTZ, TIMESTAMP -> {
                long micros = readLong(buffer, start);
                yield micros == Long.MAX_VALUE || micros == Long.MIN_VALUE
                        ? TimeValues.fromBinary(timeType, tuples.value(timeIndex)) // infinity: refused there
                        : micros + MICROS_FROM_UNIX_TO_POSTGRES_EPOCH;
            }
            default -> TimeValues.fromBinary(timeType, tuples.value(timeIndex));
        };
    }

    private static final long MICROS_FROM_UNIX_TO_POSTGRES_EPOCH = 946_684_800_000_000L;

    private static long readLong(byte[] data, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (data[at + i] & 0xff);
        }
        return value;
    }

    int hash() {
        if (spaceIndex < 0 || tuples.valueStart(spaceIndex) < 0) {
            return 0;
        }
        if (spaceType == SpaceType.TEXT || spaceType == SpaceType.VARCHAR) {
            return SpaceHash.ofTextBytes(tuples.buffer(), tuples.valueStart(spaceIndex), tuples.valueLength(spaceIndex));
        }
        return SpaceHash.ofBinary(spaceType, tuples.value(spaceIndex));
    }
}
