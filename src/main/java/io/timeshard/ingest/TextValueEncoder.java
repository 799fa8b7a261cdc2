package io.timeshard.ingest;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;
import io.timeshard.protocol.BinaryCodec;
import io.timeshard.protocol.PgType;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Turns a column's text value into PostgreSQL's binary wire value exactly as the type's input
 * function would read it, so data nodes load binary rows and parse nothing. Where the spelling is
 * unusual the encoder says so (null), and PostgreSQL itself is asked.
 */
abstract class TextValueEncoder {
    private static final long MICROS_FROM_UNIX_TO_POSTGRES_EPOCH = 946_684_800_000_000L;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Where an encoder writes a value it read in place, with no array in between. */
    interface ValueSink {
        /** The low {@code size} bytes of {@code value}, most significant first. */
        void fixed(long value, int size);

        void bytes(byte[] data, int start, int end);
    }

    /** The binary value, or null when only PostgreSQL can say what {@code text} means. Invalid input throws. */
    abstract byte[] encode(String text);

    /**
     * Writes the binary value of the text at data[start, end) to {@code sink} and returns true
     * where the encoder can read it in place (the common spellings); false to be asked through
     * {@link #encode(byte[], int, int, AsciiText)} instead. Invalid input throws.
     */
    boolean encodeInPlace(byte[] data, int start, int end, AsciiText view, ValueSink sink) {
        return false;
    }

    /**
     * The same for text lying at data[start, end), read in place through {@code view} where the
     * encoder can; the others read it as a String.
     */
    byte[] encode(byte[] data, int start, int end, AsciiText view) {
        return encode(new String(data, start, end - start, StandardCharsets.UTF_8));
    }

    /** An encoder for a column of type {@code typeName} (format_type spelling); empty when timeshard has none. */
    static Optional<TextValueEncoder> forType(String typeName, ZoneId zone) {
        return Optional.ofNullable(switch (typeName) {
            case "text", "character varying" -> new TextValueEncoder() {
                @Override
                byte[] encode(String text) {
                    return text.getBytes(StandardCharsets.UTF_8);
                }

                @Override
                boolean encodeInPlace(byte[] data, int start, int end, AsciiText view, ValueSink sink) {
                    sink.bytes(data, start, end);
                    return true;
                }
            };
            case "smallint" -> integer(TimeType.SMALLINT, 2);
            case "integer" -> integer(TimeType.INTEGER, 4);
            case "bigint" -> integer(TimeType.BIGINT, 8);
            case "double precision" -> new TextValueEncoder() {
                @Override
                byte[] encode(String text) {
                    return floating(text, "double precision", false);
                }

                @Override
                boolean encodeInPlace(byte[] data, int start, int end, AsciiText view, ValueSink sink) {
                    if (!view.set(data, start, end) || !isDecimal(view)) {
                        return false;
                    }
                    double value = ExactDecimal.toDouble(view);
                    if (Double.isInfinite(value) || value == 0 && hasNonZeroDigit(view)) {
                        return false; // out of range: the String path leaves it to PostgreSQL
                    }
                    sink.fixed(Double.doubleToRawLongBits(value), 8);
                    return true;
                }
            };
            case "real" -> of(text -> floating(text, "real", true));
            case "numeric" -> of(text -> isDecimal(text) || text.equalsIgnoreCase("NaN")
                    ? BinaryCodec.textToBinary(PgType.NUMERIC.oid(), text) : null);
            case "boolean" -> of(TextValueEncoder::bool);
            case "uuid" -> of(text -> UUID_TEXT.matcher(text).matches() ? BinaryCodec.textToBinary(PgType.UUID.oid(), text) : null);
            case "timestamp with time zone" -> time(TimeType.TIMESTAMPTZ, zone);
            case "timestamp without time zone" -> time(TimeType.TIMESTAMP, zone);
            case "date" -> time(TimeType.DATE, zone);
            default -> null;
        });
    }

    private interface Encoding {
        byte[] encode(String text);
    }

    private static TextValueEncoder of(Encoding encoding) {
        return new TextValueEncoder() {
            @Override
            byte[] encode(String text) {
                return encoding.encode(text);
            }
        };
    }

    private static TextValueEncoder integer(TimeType type, int size) {
        return of(text -> {
            OptionalLong value = TimeValues.parseText(type, text, ZoneId.of("UTC"));
            if (value.isEmpty()) {
                return null;
            }
            return bytes(value.getAsLong(), size);
        });
    }

    private static TextValueEncoder time(TimeType type, ZoneId zone) {
        return new TextValueEncoder() {
            @Override
            byte[] encode(String text) {
                return zone == null ? null : binaryTime(type, TimeValues.parseText(type, text, zone));
            }

            @Override
            boolean encodeInPlace(byte[] data, int start, int end, AsciiText view, ValueSink sink) {
                if (zone == null || !view.set(data, start, end)) {
                    return false;
                }
                long value = TimeValues.parseDateOrTimestamp(type, view, zone);
                if (value == TimeValues.UNREADABLE_TIME) {
                    return false;
                }
                sink.fixed(wireTime(type, value), wireSize(type));
                return true;
            }
        };
    }

    /** The binary wire value of a time in microseconds since 1970: days or microseconds since 2000-01-01. */
    private static long wireTime(TimeType type, long sinceUnix) {
        return type == TimeType.DATE ? Math.floorDiv(sinceUnix, 86_400_000_000L) - 10_957 : sinceUnix - MICROS_FROM_UNIX_TO_POSTGRES_EPOCH;
    }

    private static int wireSize(TimeType type) {
        return type == TimeType.DATE ? 4 : 8;
    }

    private static byte[] binaryTime(TimeType type, OptionalLong value) {
        if (value.isEmpty()) {
            return null;
        }
        return bytes(wireTime(type, value.getAsLong()), wireSize(type));
    }

    private static byte[] floating(String text, String typeName, boolean single) {
        String trimmed = text.strip();
        double value;
        if (isDecimal(trimmed)) {
            value = single ? 0 : ExactDecimal.toDouble(trimmed);
            if (single) {
                float narrowed = Float.parseFloat(trimmed);
                if (Float.isInfinite(narrowed) || (narrowed == 0 && hasNonZeroDigit(trimmed))) {
                    return null; // out of range: PostgreSQL reports it
                }
                return bytes(Float.floatToRawIntBits(narrowed), 4);
            }
            if (Double.isInfinite(value) || (value == 0 && hasNonZeroDigit(trimmed))) {
                return null;
            }
        } else {
            value = switch (trimmed.toLowerCase(Locale.ROOT)) {
                case "nan" -> Double.NaN;
                case "infinity", "+infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
                case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw TimeshardException.of(ErrorCode.INVALID_TEXT_REPRESENTATION,
                        "invalid input syntax for type " + typeName + ": \"" + text + "\"");
            };
        }
        return single ? bytes(Float.floatToRawIntBits((float) value), 4) : bytes(Double.doubleToRawLongBits(value), 8);
    }

    /** [+-]digits[.digits][e[+-]digits] (or .digits): the decimal spellings every numeric input function reads alike. */
    static boolean isDecimal(CharSequence text) {
        int i = 0;
        int length = text.length();
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            i++;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == length;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasNonZeroDigit(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static byte[] bool(String text) {
        return switch (text) {
            case "t", "true", "TRUE", "True", "y", "yes", "on", "1" -> new byte[] {1};
            case "f", "false", "FALSE", "False", "n", "no", "off", "0" -> new byte[] {0};
            default -> null;
        };
    }

    private static byte[] bytes(long value, int size) {
        byte[] result = new byte[size];
        for (int i = size - 1; i >= 0; i--) {
            result[i] = (byte) value;
            value >>= 8;
        }
        return result;
    }
}
