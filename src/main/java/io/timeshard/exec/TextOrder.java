package io.timeshard.exec;

import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.OptionalLong;

/**
 * PostgreSQL's order of non-NULL values of a type, read from their text: numbers by value (NaN
 * above everything), time by instant, text by bytes (the C collation), booleans false first.
 */
final class TextOrder {
    private TextOrder() {}

    static Comparator<String> of(int typeOid, ZoneId zone) {
        return switch (typeOid) {
            case 20, 21, 23, 26 -> Comparator.comparingLong(Long::parseLong);
            case 700, 701 -> Comparator.comparingDouble(TextOrder::parseFloat);
            case 1700 -> TextOrder::compareNumeric;
            case 16 -> Comparator.comparing(text -> text.equals("t"));
            case 1082 -> time(TimeType.DATE, zone);
            case 1114 -> time(TimeType.TIMESTAMP, zone);
            case 1184 -> time(TimeType.TIMESTAMPTZ, zone);
            default -> TextOrder::compareCodePoints;
        };
    }

    private static double parseFloat(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static int compareNumeric(String a, String b) {
        int byRank = Integer.compare(numericRank(a), numericRank(b));
        return byRank != 0 || numericRank(a) != 0 ? byRank : new BigDecimal(a).compareTo(new BigDecimal(b));
    }

    /** -1 for -Infinity, 1 for Infinity, 2 for NaN (above all), 0 for finite values. */
    private static int numericRank(String text) {
        return switch (text) {
            case "-Infinity" -> -1;
            case "Infinity" -> 1;
            case "NaN" -> 2;
            default -> 0;
        };
    }

    private static Comparator<String> time(TimeType type, ZoneId zone) {
        return Comparator.comparingLong(text -> switch (text) {
            case "infinity" -> Long.MAX_VALUE;
            case "-infinity" -> Long.MIN_VALUE;
            default -> {
                OptionalLong value = TimeValues.parseText(type, text, zone);
                if (value.isEmpty()) {
                    throw new IllegalStateException("cannot order time value " + text);
                }
                yield value.getAsLong();
            }
        });
    }

    /** UTF-8 byte order, which is code point order. */
    private static int compareCodePoints(String a, String b) {
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
