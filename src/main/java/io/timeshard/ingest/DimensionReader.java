package io.timeshard.ingest;

import io.timeshard.catalog.Hypertable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;

import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a row's time value and space hash exactly as PostgreSQL would read them. Text that the
 * access node cannot parse with certainty is handed to PostgreSQL ({@link TextTimeParser}).
 */
final class DimensionReader {
    private final Hypertable hypertable;
    private final RowFormat format;
    private final TimeType timeType;
    private final SpaceType spaceType;
    private final int timeIndex;
    private final int spaceIndex;
    private final ZoneId zone;
    private final TextTimeParser fallback;
    private final FieldSpans spans;

    DimensionReader(Hypertable hypertable, List<String> columns, RowFormat format, ZoneId zone, TextTimeParser fallback) {
        this.hypertable = hypertable;
        this.format = format;
        this.zone = zone;
        this.fallback = fallback;
        this.spans = new FieldSpans(columns.size());
        this.timeType = TimeType.fromTypeName(hypertable.time().type()).orElseThrow();
        this.timeIndex = columns.indexOf(hypertable.time().column());
        this.spaceType = hypertable.space().flatMap(space -> SpaceType.fromTypeName(space.type())).orElse(null);
        this.spaceIndex = hypertable.space().map(space -> columns.indexOf(space.column())).orElse(-1);
        if (timeIndex < 0) {
            throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "rows for distributed hypertable \""
                    + hypertable.displayName() + "\" must give its time column \"" + hypertable.time().column() + "\"");
        }
    }

    long time(byte[] data, int start, int end) {
        Object value = field(data, start, end, timeIndex);
        if (value == null) {
            throw TimeshardException.of(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + hypertable.time().column()
                    + "\" of relation \"" + hypertable.tableName() + "\" violates not-null constraint");
        }
        if (value instanceof byte[] binary) {
            return TimeValues.fromBinary(timeType, binary);
        }
        String text = (String) value;
        OptionalLong parsed = zone == null && timeType == TimeType.TIMESTAMPTZ ? OptionalLong.empty()
                : TimeValues.parseText(timeType, text, zone == null ? ZoneId.of("UTC") : zone);
        return parsed.isPresent() ? parsed.getAsLong() : fallback.parse(text);
    }

    int hash(byte[] data, int start, int end) {
        if (spaceIndex < 0) {
            return 0;
        }
        Object value = field(data, start, end, spaceIndex);
        if (value == null) {
            return 0;
        }
        return value instanceof byte[] binary ? SpaceHash.ofBinary(spaceType, binary) : SpaceHash.ofText(spaceType, (String) value);
    }

    /** A field of the row: its binary value for binary rows, its text for text and csv rows, null for NULL. */
    private Object field(byte[] data, int start, int end, int index) {
        if (format instanceof BinaryRowFormat binary) {
            return binary.field(data, start, end, index);
        }
        int count = format.spans(data, start, end, spans);
        if (count <= index) {
            throw TimeshardException.of(ErrorCode.BAD_COPY_FILE_FORMAT, "missing data for column " + (index + 1));
        }
        return spans.text(data, index);
    }

    /** PostgreSQL's reading of a time value the access node could not parse with certainty. */
    @FunctionalInterface
    public interface TextTimeParser {
        long parse(String text);
    }
}
