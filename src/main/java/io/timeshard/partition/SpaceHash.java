package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The hash that places a row's space-dimension value in a hash slice. Stored data is placed by
 * it, so it must never change.
 *
 * <p>The hash is computed on the typed value, never on its text spelling, over these bytes:
 * <ul>
 *   <li>text and varchar: the string's UTF-8 bytes;</li>
 *   <li>smallint, integer and bigint: the value widened to a long, 8 bytes big-endian, so that
 *       a number hashes the same in every integer type;</li>
 *   <li>uuid: its 16 bytes, most significant first.</li>
 * </ul>
 * The hash is MurmurHash3 x86_32 with seed 0 over those bytes, masked with {@code 0x7fffffff},
 * so it lies in {@code [0, 2^31)}.
 */
public final class SpaceHash {
    private static final int SEED = 0;
    private static final int UUID_BYTES = 16;

    private SpaceHash() {}

    /**
     * The hash of a value in PostgreSQL's text input format.
     *
     * @throws TimeshardException 22P02 or 22003 for text the type does not accept
     */
    public static int ofText(SpaceType type, String text) {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        return switch (type) {
            case TEXT, VARCHAR -> ofBytes(text.getBytes(StandardCharsets.UTF_8));
            case SMALLINT -> ofInteger(parseInteger(IntegerType.SMALLINT, text));
            case INTEGER -> ofInteger(parseInteger(IntegerType.INTEGER, text));
            case BIGINT -> ofInteger(parseInteger(IntegerType.BIGINT, text));
            case UUID -> ofBytes(parseUuid(text));
        };
    }

    /**
     * The hash of a value in PostgreSQL's binary wire format. Text must be UTF-8, which is what
     * the binary format carries when client_encoding is UTF8.
     */
    public static int ofBinary(SpaceType type, byte[] value) {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        return switch (type) {
            case TEXT, VARCHAR -> ofBytes(value);
            case SMALLINT -> ofInteger(IntegerType.SMALLINT.fromBinary(value));
            case INTEGER -> ofInteger(IntegerType.INTEGER.fromBinary(value));
            case BIGINT -> ofInteger(IntegerType.BIGINT.fromBinary(value));
            case UUID -> {
                if (value.length != UUID_BYTES) {
                    throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                            "invalid binary value for type uuid: expected 16 bytes, got " + value.length);
                }
                yield ofBytes(value);
            }
        };
    }

    /** The hash of the bytes a value is reduced to (see the class comment). */
    /** The hash of a text value's UTF-8 bytes lying at data[start, start + length), without copying them. */
    public static int ofTextBytes(byte[] data, int start, int length) {
        return MurmurHash3.hash32(data, start, length, SEED) & Integer.MAX_VALUE;
    }

    public static int ofBytes(byte[] bytes) {
        return MurmurHash3.hash32(bytes, SEED) & 0x7fffffff;
    }

    private static int ofInteger(long value) {
        return ofBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }

    private static long parseInteger(IntegerType type, String text) {
        // Hashing must not guess: a spelling only newer PostgreSQL versions accept is refused.
        return type.parseText(text).orElseThrow(() -> TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                "space partitioning does not support this spelling of an integer: \"" + text + "\""));
    }

    /**
     * PostgreSQL's uuid input: 32 hex digits, any case, optionally in braces, with a hyphen
     * allowed after any group of four digits (except the last), and no surrounding whitespace.
     */
    private static byte[] parseUuid(String text) {
        String digits = text.startsWith("{") && text.endsWith("}") && text.length() >= 2 ? text.substring(1, text.length() - 1) : text;
        StringBuilder hex = new StringBuilder(32);
        int position = 0;
        for (int group = 0; group < 8; group++) {
            if (position + 4 > digits.length()) {
                throw invalidUuid(text);
            }
            hex.append(digits, position, position + 4);
            position += 4;
            if (group < 7 && position < digits.length() && digits.charAt(position) == '-') {
                position++;
            }
        }
        if (position != digits.length() || !hex.chars().allMatch(SpaceHash::isHexDigit)) {
            throw invalidUuid(text);
        }
        return HexFormat.of().parseHex(hex);
    }

    private static boolean isHexDigit(int character) {
        return character >= '0' && character <= '9' || character >= 'a' && character <= 'f' || character >= 'A' && character <= 'F';
    }

    private static TimeshardException invalidUuid(String text) {
        return TimeshardException.of(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type uuid: \"" + text + "\"");
    }
}
