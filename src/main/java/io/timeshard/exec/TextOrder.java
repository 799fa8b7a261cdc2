package io.timeshard.exec;

import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a non-NULL value's text into something that orders as PostgreSQL orders the type: numbers
 * by value (NaN above everything), time by instant, text by bytes (the C collation), booleans
 * false first.
 */
final class TextOrder {
    /** PostgreSQL's ISO output of a date or timestamp: year, month, day, [time, fraction], [offset], [BC]. */
    private static final Pattern FAR_TIME = Pattern.compile(
            "(\\d{4,})-(\\d\\d)-(\\d\\d)(?: (\\d\\d):(\\d\\d):(\\d\\d)(\\.\\d{1,6})?)?([+-]\\d\\d(?::\\d\\d(?::\\d\\d)?)?)?( BC)?");

    private TextOrder() {}

    static Function<String, Comparable<?>> reader(int typeOid, ZoneId zone) {
        return switch (typeOid) {
            case 20, 21, 23, 26 -> Long::valueOf;
            case 700, 701 -> TextOrder::parseFloat;
            case 1700 -> Numeric::of;
            case 16 -> text -> text.equals("t");
            case 1082 -> text -> time(TimeType.DATE, text, zone);
            case 1114 -> text -> time(TimeType.TIMESTAMP, text, zone);
            case 1184 -> text -> time(TimeType.TIMESTAMPTZ, text, zone);
            default -> CodePoints::new;
        };
    }

    private static Double parseFloat(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.valueOf(text);
        };
    }

    private static Long time(TimeType type, String text, ZoneId zone) {
        return switch (text) {
            case "infinity" -> Long.MAX_VALUE;
            case "-infinity" -> Long.MIN_VALUE;
            default -> {
                OptionalLong value = TimeValues.parseText(type, text, zone);
                yield value.isPresent() ? value.getAsLong() : farTime(text);
            }
        };
    }

    /**
     * A time PostgreSQL prints in ISO beyond what TimeValues reads (years after 9999, BC), as
     * microseconds since 1970; times without a zone as if in UTC, which orders them alike.
     */
    private static long farTime(String text) {
        Matcher parts = FAR_TIME.matcher(text);
        if (!parts.matches()) {
            throw new IllegalStateException("cannot order time value " + text);
        }
        long year = Long.parseLong(parts.group(1));
        LocalDateTime local = LocalDateTime.of(parts.group(9) == null ? (int) year : (int) (1 - year), Integer.parseInt(parts.group(2)),
                Integer.parseInt(parts.group(3)), parts.group(4) == null ? 0 : Integer.parseInt(parts.group(4)),
                parts.group(5) == null ? 0 : Integer.parseInt(parts.group(5)), parts.group(6) == null ? 0 : Integer.parseInt(parts.group(6)));
        int micros = parts.group(7) == null ? 0 : Integer.parseInt((parts.group(7).substring(1) + "00000").substring(0, 6));
        ZoneOffset offset = parts.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(parts.group(8));
        return local.toEpochSecond(offset) * 1_000_000L + micros;
    }

    /** A numeric: -Infinity, finite values, Infinity, then NaN above all, as PostgreSQL sorts them. */
    private record Numeric(int rank, BigDecimal value) implements Comparable<Numeric> {
        static Numeric of(String text) {
            return switch (text) {
                case "-Infinity" -> new Numeric(-1, null);
                case "Infinity" -> new Numeric(1, null);
                case "NaN" -> new Numeric(2, null);
                default -> new Numeric(0, new BigDecimal(text));
            };
        }

        @Override
        public int compareTo(Numeric other) {
            int byRank = Integer.compare(rank, other.rank);
            return byRank != 0 || rank != 0 ? byRank : value.compareTo(other.value);
        }
    }

    /** Text in UTF-8 byte order, which is code point order. */
    private record CodePoints(String text) implements Comparable<CodePoints> {
        @Override
        public int compareTo(CodePoints other) {
            String a = text;
            String b = other.text;
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int x = a.codePointAt(i);
                int y = b.codePointAt(j);
                if (x != y) {
                    return Integer.compare(x, y);
                }
                i += Character.charCount(x);
                j += Character.charCount(y);
            }
            return Integer.compare(a.length() - i, b.length() - j);
        }
    }
}
