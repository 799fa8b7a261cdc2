package io.timeshard.protocol;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;

/**
 * Converts values between PostgreSQL's text and binary wire formats for the common types.
 * Text is what data nodes return (their own spelling); binary is encoded from it only for
 * clients that ask, and binary parameters are turned into text PostgreSQL parses back exactly.
 */
public final class BinaryCodec {
    private static final Set<PgType> SUPPORTED = Set.of(PgType.BOOL, PgType.BYTEA, PgType.NAME, PgType.INT8, PgType.INT2,
            PgType.INT4, PgType.TEXT, PgType.OID, PgType.FLOAT4, PgType.FLOAT8, PgType.BPCHAR, PgType.VARCHAR, PgType.DATE,
            PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.NUMERIC, PgType.UUID);

    private BinaryCodec() {}

    public static boolean supports(int typeOid) {
        return PgType.fromOid(typeOid).map(SUPPORTED::contains).orElse(false);
    }

    public static byte[] textToBinary(int typeOid, String text) {
        return textToBinary(typeOid, text, ClientEncoding.UTF8);
    }

    /** {@code encoding}: the client's, which binary text values are in as much as text ones. */
    public static byte[] textToBinary(int typeOid, String text, ClientEncoding encoding) {
        PgType type = PgType.fromOid(typeOid).filter(SUPPORTED::contains).orElseThrow(() -> unsupported(typeOid));
        try {
            return switch (type) {
                case BOOL -> new byte[] {(byte) (text.equals("t") || text.equalsIgnoreCase("true") ? 1 : 0)};
                case INT2 -> ByteBuffer.allocate(2).putShort(Short.parseShort(text.trim())).array();
                case INT4, OID -> ByteBuffer.allocate(4).putInt((int) Long.parseLong(text.trim())).array();
                case INT8 -> ByteBuffer.allocate(8).putLong(Long.parseLong(text.trim())).array();
                case FLOAT4 -> ByteBuffer.allocate(4).putFloat(Float.parseFloat(text)).array();
                case FLOAT8 -> ByteBuffer.allocate(8).putDouble(Double.parseDouble(text)).array();
                case TEXT, VARCHAR, BPCHAR, NAME -> encoding.encode(text);
                case BYTEA -> byteaFromText(text);
                case UUID -> uuidToBinary(text);
                case DATE -> ByteBuffer.allocate(4).putInt(BinaryDateTimeText.parseDate(text)).array();
                case TIMESTAMP -> ByteBuffer.allocate(8).putLong(BinaryDateTimeText.parseTimestamp(text, false)).array();
                case TIMESTAMPTZ -> ByteBuffer.allocate(8).putLong(BinaryDateTimeText.parseTimestamp(text, true)).array();
                case NUMERIC -> NumericBinary.encode(text);
                default -> throw unsupported(typeOid);
            };
        } catch (NumberFormatException e) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "cannot encode \"" + text + "\" as binary " + type.name().toLowerCase(), e);
        }
    }

    public static String binaryToText(int typeOid, byte[] value) {
        return binaryToText(typeOid, value, ClientEncoding.UTF8);
    }

    public static String binaryToText(int typeOid, byte[] value, ClientEncoding encoding) {
        PgType type = PgType.fromOid(typeOid).filter(SUPPORTED::contains).orElseThrow(() -> unsupported(typeOid));
        ByteBuffer buffer = ByteBuffer.wrap(value);
        try {
            return switch (type) {
                case BOOL -> value[0] != 0 ? "t" : "f";
                case INT2 -> Short.toString(buffer.getShort());
                case INT4 -> Integer.toString(buffer.getInt());
                case OID -> Long.toString(Integer.toUnsignedLong(buffer.getInt()));
                case INT8 -> Long.toString(buffer.getLong());
                case FLOAT4 -> floatText(buffer.getFloat());
                case FLOAT8 -> doubleText(buffer.getDouble());
                case TEXT, VARCHAR, BPCHAR, NAME -> encoding.decode(value);
                case BYTEA -> "\\x" + HexFormat.of().formatHex(value);
                case UUID -> uuidText(value);
                case DATE -> BinaryDateTimeText.formatDate(buffer.getInt());
                case TIMESTAMP -> BinaryDateTimeText.formatTimestamp(buffer.getLong(), false);
                case TIMESTAMPTZ -> BinaryDateTimeText.formatTimestamp(buffer.getLong(), true);
                case NUMERIC -> NumericBinary.decode(value);
                default -> throw unsupported(typeOid);
            };
        } catch (java.nio.BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
            throw TimeshardException.of(ErrorCode.PROTOCOL_VIOLATION,
                    "insufficient data left in binary " + type.name().toLowerCase() + " value", e);
        }
    }

    private static String floatText(float value) {
        return Float.isNaN(value) || Float.isInfinite(value) ? specialFloat(value) : new BigDecimal(Float.toString(value)).toString();
    }

    private static String doubleText(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? specialFloat(value) : new BigDecimal(Double.toString(value)).toString();
    }

    private static String specialFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "Infinity" : "-Infinity";
    }

    private static byte[] byteaFromText(String text) {
        if (text.startsWith("\\x")) {
            return HexFormat.of().parseHex(text, 2, text.length());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] uuidToBinary(String text) {
        java.util.UUID uuid = java.util.UUID.fromString(text.trim());
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    private static String uuidText(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return new java.util.UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    private static TimeshardException unsupported(int typeOid) {
        return TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "binary format is not supported for type oid " + typeOid);
    }

    /** numeric's binary form: base-10000 digits with weight, sign and display scale. */
    static final class NumericBinary {
        private static final short POSITIVE = 0x0000;
        private static final short NEGATIVE = 0x4000;
        private static final short NAN = (short) 0xC000;
        private static final short PLUS_INFINITY = (short) 0xD000;
        private static final short MINUS_INFINITY = (short) 0xF000;
        private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

        private NumericBinary() {}

        static byte[] encode(String text) {
            String trimmed = text.trim();
            switch (trimmed.toLowerCase()) {
                case "nan":
                    return header(0, 0, NAN, 0).array();
                case "infinity":
                case "+infinity":
                    return header(0, 0, PLUS_INFINITY, 0).array();
                case "-infinity":
                    return header(0, 0, MINUS_INFINITY, 0).array();
                default:
                    break;
            }
            BigDecimal decimal = new BigDecimal(trimmed);
            int displayScale = Math.max(decimal.scale(), 0);
            // Four fractional digits per base-10000 group, so the groups fall on the decimal point.
            int groupScale = (displayScale + 3) / 4 * 4;
            BigInteger unscaled = decimal.abs().setScale(groupScale).unscaledValue();
            java.util.ArrayDeque<Short> groups = new java.util.ArrayDeque<>();
            while (unscaled.signum() > 0) {
                BigInteger[] parts = unscaled.divideAndRemainder(TEN_THOUSAND);
                groups.addFirst(parts[1].shortValue());
                unscaled = parts[0];
            }
            int weight = groups.size() - 1 - groupScale / 4;
            while (!groups.isEmpty() && groups.peekLast() == 0) {
                groups.removeLast();
            }
            short sign = decimal.signum() < 0 ? NEGATIVE : POSITIVE;
            ByteBuffer buffer = header(groups.size(), groups.isEmpty() ? 0 : weight, sign, displayScale);
            groups.forEach(buffer::putShort);
            return buffer.array();
        }

        private static ByteBuffer header(int digitCount, int weight, short sign, int displayScale) {
            ByteBuffer buffer = ByteBuffer.allocate(8 + 2 * digitCount);
            buffer.putShort((short) digitCount).putShort((short) weight).putShort(sign).putShort((short) displayScale);
            return buffer;
        }

        static String decode(byte[] value) {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            int digitCount = buffer.getShort();
            int weight = buffer.getShort();
            short sign = buffer.getShort();
            int displayScale = buffer.getShort();
            if (sign == NAN) {
                return "NaN";
            }
            if (sign == PLUS_INFINITY) {
                return "Infinity";
            }
            if (sign == MINUS_INFINITY) {
                return "-Infinity";
            }
            BigInteger unscaled = BigInteger.ZERO;
            for (int i = 0; i < digitCount; i++) {
                unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(buffer.getShort()));
            }
            BigDecimal decimal = new BigDecimal(unscaled, (digitCount - 1 - weight) * 4).setScale(displayScale, java.math.RoundingMode.DOWN);
            return (sign == NEGATIVE ? decimal.negate() : decimal).toPlainString();
        }
    }
}
