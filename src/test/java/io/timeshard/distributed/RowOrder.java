package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.SortKey;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether rows follow an ORDER BY, for results that QueryResult's comparison in order cannot judge
 * on its own: rows that an ORDER BY leaves tied may come in either order, and PostgreSQL ties
 * values that print differently (7 and 7.000), while values that differ in their last digits only
 * (a variance summed in another order) may come in either order on either side.
 */
final class RowOrder {
    private static final Set<String> EXACT_NUMBER_TYPES = Set.of("int2", "int4", "int8", "numeric");
    private static final Set<String> FLOAT_TYPES = Set.of("float4", "float8");
    /**
     * Types whose text sorts as their values do: text in the C collation (byte order, which is
     * Java's order for the characters of the data), and times printed in the one session zone.
     */
    private static final Set<String> TEXT_ORDERED_TYPES = Set.of("text", "varchar", "bpchar", "name", "bool", "uuid", "date", "time",
            "timestamp", "timestamptz");
    /** An interval as the differences of timestamps print it: days, then a time of day. */
    private static final Pattern INTERVAL = Pattern.compile("(?:(-?\\d+) days? ?)?(?:(-)?(\\d+):(\\d\\d):(\\d\\d(?:\\.\\d+)?))?");

    private RowOrder() {}

    /** How two consecutive rows stand under one sort key. */
    private enum Standing {
        /** The first comes first: the rest of the keys do not matter. */
        IN_ORDER,
        /** Equal: the next key decides. */
        TIED,
        /** Floats that differ in their last digits only: either may come first, on either side, and the next keys with them. */
        EITHER,
        /** The second should have come first. */
        OUT_OF_ORDER,
        /** A type this cannot compare. */
        UNKNOWN
    }

    /**
     * Whether the rows follow the ORDER BY {@code keys}, each row after the previous one or tied
     * with it, comparing as PostgreSQL does: numbers by value, and floats as in either order when
     * they are equal within QueryResult's tolerance (PostgreSQL compares their exact values, whose
     * last digits depend on the order they were summed in). False as well when a column's type is
     * not one this can compare.
     */
    static boolean follows(QueryResult result, List<SortKey> keys) {
        if (keys.isEmpty()) {
            return false;
        }
        for (int row = 1; row < result.rows().size(); row++) {
            keys:
            for (SortKey key : keys) {
                int column = key.column() - 1;
                String type = result.types().get(column);
                switch (standing(type, result.rows().get(row - 1).get(column), result.rows().get(row).get(column), key)) {
                    case IN_ORDER, EITHER -> {
                        break keys;
                    }
                    case TIED -> {
                        // The next key decides.
                    }
                    case OUT_OF_ORDER, UNKNOWN -> {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static Standing standing(String type, String before, String after, SortKey key) {
        if (before == null || after == null) {
            int nulls = before == null && after == null ? 0 : before == null ? -1 : 1;
            return standing(key.nullsFirst() ? nulls : -nulls);
        }
        Standing ascending = ascending(type, before, after);
        return switch (ascending) {
            case IN_ORDER -> key.descending() ? Standing.OUT_OF_ORDER : Standing.IN_ORDER;
            case OUT_OF_ORDER -> key.descending() ? Standing.IN_ORDER : Standing.OUT_OF_ORDER;
            case TIED, EITHER, UNKNOWN -> ascending;
        };
    }

    /** How two values that are not NULL stand in ascending order. */
    private static Standing ascending(String type, String before, String after) {
        if (before.equals(after)) {
            return Standing.TIED;
        }
        if (FLOAT_TYPES.contains(type)) {
            return QueryResult.approximatelyEqual(before, after) ? Standing.EITHER
                    : standing(Double.compare(Double.parseDouble(before), Double.parseDouble(after)));
        }
        if (EXACT_NUMBER_TYPES.contains(type)) {
            return standing(new BigDecimal(before).compareTo(new BigDecimal(after)));
        }
        if (TEXT_ORDERED_TYPES.contains(type)) {
            return standing(before.compareTo(after));
        }
        if (type.equals("interval")) {
            Optional<BigDecimal> left = seconds(before);
            Optional<BigDecimal> right = seconds(after);
            return left.isPresent() && right.isPresent() ? standing(left.get().compareTo(right.get())) : Standing.UNKNOWN;
        }
        if (type.startsWith("_")) {
            return ascendingArrays(type.substring(1), elements(before), elements(after));
        }
        return Standing.UNKNOWN;
    }

    /** Arrays compare element by element, a NULL element after any other, and a shorter array first when it is a prefix. */
    private static Standing ascendingArrays(String elementType, Optional<List<String>> before, Optional<List<String>> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Standing.UNKNOWN;
        }
        for (int i = 0; i < Math.min(before.get().size(), after.get().size()); i++) {
            String left = before.get().get(i);
            String right = after.get().get(i);
            Standing element = left == null || right == null ? standing(left == null && right == null ? 0 : left == null ? 1 : -1)
                    : ascending(elementType, left, right);
            if (element != Standing.TIED) {
                return element;
            }
        }
        return standing(Integer.compare(before.get().size(), after.get().size()));
    }

    /** The elements of a one-dimensional array as PostgreSQL prints it, NULL for NULL; empty for anything else. */
    private static Optional<List<String>> elements(String array) {
        if (!array.startsWith("{") || !array.endsWith("}") || array.startsWith("{{")) {
            return Optional.empty();
        }
        List<String> elements = new ArrayList<>();
        String inner = array.substring(1, array.length() - 1);
        int i = 0;
        while (i < inner.length()) {
            StringBuilder element = new StringBuilder();
            boolean quoted = inner.charAt(i) == '"';
            if (quoted) {
                i++;
                while (inner.charAt(i) != '"') {
                    element.append(inner.charAt(i) == '\\' ? inner.charAt(++i) : inner.charAt(i));
                    i++;
                }
                i++;
            } else {
                while (i < inner.length() && inner.charAt(i) != ',') {
                    element.append(inner.charAt(i++));
                }
            }
            elements.add(!quoted && element.toString().equals("NULL") ? null : element.toString());
            i++;
        }
        return Optional.of(elements);
    }

    /** The seconds of an interval of days and time (PostgreSQL orders a day as 24 hours); empty for other spellings. */
    private static Optional<BigDecimal> seconds(String interval) {
        Matcher matcher = INTERVAL.matcher(interval);
        if (interval.isEmpty() || !matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal days = matcher.group(1) == null ? BigDecimal.ZERO : new BigDecimal(matcher.group(1));
        BigDecimal time = matcher.group(3) == null ? BigDecimal.ZERO : new BigDecimal(matcher.group(3)).multiply(BigDecimal.valueOf(3600))
                .add(new BigDecimal(matcher.group(4)).multiply(BigDecimal.valueOf(60))).add(new BigDecimal(matcher.group(5)));
        return Optional.of(days.multiply(BigDecimal.valueOf(86_400)).add(matcher.group(2) == null ? time : time.negate()));
    }

    private static Standing standing(int comparison) {
        return comparison == 0 ? Standing.TIED : comparison < 0 ? Standing.IN_ORDER : Standing.OUT_OF_ORDER;
    }
}
