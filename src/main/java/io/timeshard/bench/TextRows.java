package io.timeshard.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A result's rows as the server spelled them (ResultSet.getString), compared as two systems' answers
 * to the same query: the same rows in any order, float values equal to within {@value #RELATIVE_TOLERANCE}
 * relative, since the last digits of an average depend on the order its values were added in.
 */
record TextRows(List<Boolean> approximate, List<List<String>> rows) {
    static final double RELATIVE_TOLERANCE = 1e-9;
    private static final Set<String> FLOAT_TYPES = Set.of("float4", "float8");
    /** Approximate values sort by this many digits, so that last-digit noise keeps the rows of both sides aligned. */
    private static final MathContext SORT_PRECISION = new MathContext(8);
    /** List.copyOf takes no nulls: SQL NULL is kept as this text, which no value spells. */
    private static final String NULL = "\u0000NULL";

    TextRows {
        approximate = List.copyOf(approximate);
        rows = rows.stream().map(row -> List.copyOf(row.stream().map(value -> value == null ? NULL : value).toList())).toList();
    }

    static TextRows read(ResultSet result) throws SQLException {
        ResultSetMetaData metaData = result.getMetaData();
        List<Boolean> approximate = new ArrayList<>();
        for (int column = 1; column <= metaData.getColumnCount(); column++) {
            approximate.add(FLOAT_TYPES.contains(metaData.getColumnTypeName(column)));
        }
        List<List<String>> rows = new ArrayList<>();
        while (result.next()) {
            String[] row = new String[approximate.size()];
            for (int column = 1; column <= row.length; column++) {
                row[column - 1] = result.getString(column);
            }
            rows.add(Arrays.asList(row));
        }
        return new TextRows(approximate, rows);
    }

    int size() {
        return rows.size();
    }

    boolean matches(TextRows other) {
        if (!approximate.equals(other.approximate) || rows.size() != other.rows.size()) {
            return false;
        }
        List<List<String>> mine = sorted();
        List<List<String>> theirs = other.sorted();
        for (int row = 0; row < mine.size(); row++) {
            for (int column = 0; column < approximate.size(); column++) {
                String expected = mine.get(row).get(column);
                String actual = theirs.get(row).get(column);
                if (!expected.equals(actual) && !(approximate.get(column) && approximatelyEqual(expected, actual))) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean approximatelyEqual(String expected, String actual) {
        try {
            double a = Double.parseDouble(expected);
            double b = Double.parseDouble(actual);
            return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private List<List<String>> sorted() {
        Comparator<List<String>> byKey = Comparator.comparing(this::sortKey, TextRows::compareRows);
        return rows.stream().sorted(byKey.thenComparing(TextRows::compareRows)).toList();
    }

    private List<String> sortKey(List<String> row) {
        List<String> key = new ArrayList<>(row.size());
        for (int column = 0; column < row.size(); column++) {
            key.add(approximate.get(column) ? rounded(row.get(column)) : row.get(column));
        }
        return key;
    }

    private static String rounded(String value) {
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) ? new BigDecimal(parsed).round(SORT_PRECISION).toString() : value;
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static int compareRows(List<String> left, List<String> right) {
        for (int column = 0; column < Math.min(left.size(), right.size()); column++) {
            int order = left.get(column).compareTo(right.get(column));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
