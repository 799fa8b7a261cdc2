package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.Locale;
import java.util.OptionalLong;

import static io.timeshard.partition.InternalTimeText.MICROS_PER_DAY;
import static java.util.Objects.requireNonNull;

/** Converts values of a time column to and from internal time values (see {@link TimeType}). */
public final class TimeValues {
    // The binary wire format counts from 2000-01-01, internal values from 1970-01-01.
    private static final long DAYS_FROM_UNIX_TO_POSTGRES_EPOCH = 10_957;
    private static final long MICROS_FROM_UNIX_TO_POSTGRES_EPOCH = DAYS_FROM_UNIX_TO_POSTGRES_EPOCH * MICROS_PER_DAY;

    /** What {@link #parseDateOrTimestamp} returns for empty: no date or timestamp is that far from 1970. */
    public static final long UNREADABLE_TIME = Long.MIN_VALUE;

    private TimeValues() {}

    /**
     * The internal value of PostgreSQL's text input, when its meaning is certain: ISO dates and
     * timestamps (years 1 to 9999, at most six fractional digits, numeric or Z offsets) and
     * decimal integers. Empty for anything else (special values, BC, other styles, a local time
     * the session zone skips or repeats): the caller then asks PostgreSQL.
     *
     * @throws TimeshardException 22P02 or 22003 for text no integer type accepts
     */
    /**
     * As {@link #parseText(TimeType, String, ZoneId)} for text that is not a String yet (a view
     * of bytes): the common ISO spelling is read in place, anything else as a String.
     */
    public static OptionalLong parseText(TimeType type, CharSequence text, ZoneId sessionZone) {
        if (type == TimeType.TIMESTAMPTZ || type == TimeType.TIMESTAMP || type == TimeType.DATE) {
            long value = parseDateOrTimestamp(type, text, sessionZone);
            return value == UNREADABLE_TIME ? OptionalLong.empty() : OptionalLong.of(value);
        }
        return parseText(type, text.toString(), sessionZone);
    }

    /**
     * As {@link #parseText(TimeType, CharSequence, ZoneId)} for dates and timestamps, without an
     * object per value in the common spelling (bulk loads read millions): {@link #UNREADABLE_TIME} for empty.
     */
    public static long parseDateOrTimestamp(TimeType type, CharSequence text, ZoneId sessionZone) {
        if (type != TimeType.TIMESTAMPTZ && type != TimeType.TIMESTAMP && type != TimeType.DATE) {
            throw new IllegalArgumentException("not a date or timestamp type: " + type);
        }
        if (type != TimeType.DATE) {
            long fast = IsoTimestampScanner.parse(type, text, sessionZone, UNREADABLE_TIME);
            if (fast != UNREADABLE_TIME) {
                return fast;
            }
        }
        return parseText(type, text.toString(), sessionZone).orElse(UNREADABLE_TIME);
    }

    public static OptionalLong parseText(TimeType type, String text, ZoneId sessionZone) {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        requireNonNull(sessionZone, "sessionZone is null");
        return switch (type) {
            case TIMESTAMPTZ, TIMESTAMP, DATE -> InternalTimeText.parse(type, text, sessionZone);
            case SMALLINT -> IntegerType.SMALLINT.parseText(text);
            case INTEGER -> IntegerType.INTEGER.parseText(text);
            case BIGINT -> IntegerType.BIGINT.parseText(text);
        };
    }

    /** The time now as a timestamptz's internal value: microseconds since 1970, PostgreSQL's precision. */
    public static long microsNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * InternalTimeText.MICROS_PER_SECOND + now.getNano() / 1_000;
    }

    /**
     * The internal value of PostgreSQL's binary wire format. Infinite dates and timestamps, and
     * those too far out for microseconds since 1970 to fit a long, have none.
     */
    public static long fromBinary(TimeType type, byte[] value) {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        return switch (type) {
            case TIMESTAMPTZ, TIMESTAMP -> {
                long micros = ByteBuffer.wrap(checkLength(type, value, Long.BYTES)).getLong();
                if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
                    throw outOfRange("timestamp", "infinity");
                }
                try {
                    yield Math.addExact(micros, MICROS_FROM_UNIX_TO_POSTGRES_EPOCH);
                }
                catch (ArithmeticException overflow) {
                    throw outOfRange("timestamp", micros + " microseconds after 2000-01-01");
                }
            }
            case DATE -> {
                int days = ByteBuffer.wrap(checkLength(type, value, Integer.BYTES)).getInt();
                if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                    throw outOfRange("date", "infinity");
                }
                try {
                    yield Math.multiplyExact(days + DAYS_FROM_UNIX_TO_POSTGRES_EPOCH, MICROS_PER_DAY);
                }
                catch (ArithmeticException overflow) {
                    throw outOfRange("date", days + " days after 2000-01-01");
                }
            }
            case SMALLINT -> IntegerType.SMALLINT.fromBinary(value);
            case INTEGER -> IntegerType.INTEGER.fromBinary(value);
            case BIGINT -> IntegerType.BIGINT.fromBinary(value);
        };
    }

    /**
     * PostgreSQL's ISO text of an internal value, as a literal for generated SQL or for display:
     * timestamptz in UTC ({@code 2024-01-01 00:00:00+00}), fractional seconds only when nonzero.
     *
     * @throws TimeshardException for a date value that is not a midnight
     */
    public static String toText(TimeType type, long value) {
        requireNonNull(type, "type is null");
        return switch (type) {
            case TIMESTAMPTZ, TIMESTAMP, DATE -> InternalTimeText.format(type, value);
            case SMALLINT, INTEGER, BIGINT -> Long.toString(value);
        };
    }

    private static byte[] checkLength(TimeType type, byte[] value, int length) {
        if (value.length != length) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "invalid binary value for type " + type.name().toLowerCase(Locale.ROOT)
                            + ": expected " + length + " bytes, got " + value.length);
        }
        return value;
    }

    private static TimeshardException outOfRange(String typeName, String value) {
        return TimeshardException.of(ErrorCode.DATETIME_FIELD_OVERFLOW,
                typeName + " out of range for time partitioning: " + value);
    }
}
