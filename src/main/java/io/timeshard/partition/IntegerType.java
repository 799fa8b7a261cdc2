package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** PostgreSQL's integer types: their range, text input and binary wire format. */
enum IntegerType {
    SMALLINT("smallint", Short.MIN_VALUE, Short.MAX_VALUE, Short.BYTES),
    INTEGER("integer", Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.BYTES),
    BIGINT("bigint", Long.MIN_VALUE, Long.MAX_VALUE, Long.BYTES);

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
    // Spellings PostgreSQL 16 added (0x1F, 0o17, 0b101, 1_000); older servers reject them.
    private static final Pattern NEWER_SPELLING = Pattern.compile(
            "[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[0-9]+(?:_[0-9]+)+)");

    private final String typeName;
    private final long minimum;
    private final long maximum;
    private final int byteLength;

    IntegerType(String typeName, long minimum, long maximum, int byteLength) {
        this.typeName = requireNonNull(typeName, "typeName is null");
        this.minimum = minimum;
        this.maximum = maximum;
        this.byteLength = byteLength;
    }

    /**
     * The value of PostgreSQL's text input, or empty for a spelling only some PostgreSQL
     * versions accept. Throws 22P02 for anything else that is not an integer, 22003 when the
     * value does not fit the type.
     */
    OptionalLong parseText(String text) {
        requireNonNull(text, "text is null");
        String body = PostgresWhitespace.strip(text);
        if (NEWER_SPELLING.matcher(body).matches()) {
            return OptionalLong.empty();
        }
        if (!DECIMAL.matcher(body).matches()) {
            throw TimeshardException.of(ErrorCode.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type " + typeName + ": \"" + text + "\"");
        }
        long value;
        try {
            value = Long.parseLong(body);
        }
        catch (NumberFormatException beyondBigint) {
            throw outOfRange(text);
        }
        if (value < minimum || value > maximum) {
            throw outOfRange(text);
        }
        return OptionalLong.of(value);
    }

    /** The value of PostgreSQL's binary wire format: big-endian two's complement. */
    long fromBinary(byte[] value) {
        requireNonNull(value, "value is null");
        if (value.length != byteLength) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "invalid binary value for type " + typeName + ": expected " + byteLength + " bytes, got " + value.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return switch (this) {
            case SMALLINT -> buffer.getShort();
            case INTEGER -> buffer.getInt();
            case BIGINT -> buffer.getLong();
        };
    }

    private TimeshardException outOfRange(String text) {
        return TimeshardException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"" + text + "\" is out of range for type " + typeName);
    }
}
