package io.timeshard.distributed;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a query returned, as text (ResultSet.getString, i.e. the server's spelling): the column
 * names, their type names and the rows. Two results are compared as PostgreSQL users would:
 * same columns and types, the same rows (in order when the query orders them, as multisets
 * otherwise), with approximate values equal to within 1e-9 relative: float4 and float8 columns,
 * and the numeric results of stddev and variance, whose last digits depend on how partial states
 * are combined. Every other value must be spelled exactly alike.
 */
record QueryResult(List<String> labels, List<String> types, List<List<String>> rows) {
    static final double RELATIVE_TOLERANCE = 1e-9;
    /** For results that should be 0 (a variance of equal values) but come out as rounding noise. */
    static final double ABSOLUTE_TOLERANCE = 1e-12;
    private static final MathContext SORT_PRECISION = new MathContext(8);
    private static final Set<String> FLOAT_TYPES = Set.of("float4", "float8");
    /** Columns of these names (the aggregate's default label) and of type numeric are compared approximately. */
    QueryResult {
        labels = List.copyOf(labels);
        types = List.copyOf(types);
        rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }

    static QueryResult of(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet result = statement.executeQuery(sql)) {
                return read(result);
            }
        }
    }

    /** Every row of a result set, with its column names and type names. */
    static QueryResult read(ResultSet result) throws SQLException {
        ResultSetMetaData metaData = result.getMetaData();
        int columns = metaData.getColumnCount();
        List<String> labels = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            labels.add(metaData.getColumnLabel(i));
            types.add(metaData.getColumnTypeName(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (result.next()) {
            String[] row = new String[columns];
            for (int i = 1; i <= columns; i++) {
                row[i - 1] = result.getString(i);
            }
            rows.add(Arrays.asList(row));
        }
        return new QueryResult(labels, types, rows);
    }

    /** How {@code actual} differs from this, the expected result, or empty when it does not. */
    Optional<String> difference(QueryResult actual, boolean ordered) {
        requireNonNull(actual, "actual is null");
        if (!labels.equals(actual.labels) || !types.equals(actual.types)) {
            return Optional.of("columns differ: expected " + describeColumns() + ", got " + actual.describeColumns());
        }
        if (ordered) {
            Optional<String> inOrder = firstDifference(rows, actual.rows);
            if (inOrder.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> asSets = firstDifference(sorted(rows), actual.sorted(actual.rows));
            return Optional.of(asSets.isEmpty() ? "the same rows in another order; " + inOrder.get() : asSets.get());
        }
        return firstDifference(sorted(rows), actual.sorted(actual.rows));
    }

    private Optional<String> firstDifference(List<List<String>> expected, List<List<String>> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!rowsEqual(expected.get(i), actual.get(i))) {
                return Optional.of(sizes(expected, actual) + "first difference at row " + i + ": expected " + expected.get(i)
                        + ", got " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            int i = Math.min(expected.size(), actual.size());
            String extra = expected.size() > actual.size() ? "missing " + expected.get(i) : "unexpected " + actual.get(i);
            return Optional.of(sizes(expected, actual) + "first difference at row " + i + ": " + extra);
        }
        return Optional.empty();
    }

    private static String sizes(List<List<String>> expected, List<List<String>> actual) {
        return expected.size() == actual.size() ? "" : "expected " + expected.size() + " rows, got " + actual.size() + "; ";
    }

    private boolean rowsEqual(List<String> expected, List<String> actual) {
        for (int i = 0; i < expected.size(); i++) {
            String a = expected.get(i);
            String b = actual.get(i);
            boolean equal = a == null || b == null ? a == b : a.equals(b) || isApproximate(i) && approximatelyEqual(a, b);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    static boolean approximatelyEqual(String expected, String actual) {
        double a;
        double b;
        try {
            a = Double.parseDouble(expected);
            b = Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
            return Double.compare(a, b) == 0;
        }
        double difference = Math.abs(a - b);
        return difference <= ABSOLUTE_TOLERANCE || difference <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    private boolean isApproximate(int column) {
        String type = types.get(column);
        return FLOAT_TYPES.contains(type);
    }

    /**
     * The rows in a canonical order; approximate columns sort by their value rounded, so that
     * last-digit noise keeps rows aligned, and rows alike when rounded by their exact text, so that
     * distinct values that round alike come in the same order on both sides.
     */
    private List<List<String>> sorted(List<List<String>> unsorted) {
        List<List<String>> copy = new ArrayList<>(unsorted);
        copy.sort(Comparator.comparing(this::sortKey, QueryResult::compareKeys).thenComparing(row -> row, QueryResult::compareKeys));
        return copy;
    }

    private List<String> sortKey(List<String> row) {
        List<String> key = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            key.add(isApproximate(i) && row.get(i) != null ? rounded(row.get(i)) : row.get(i));
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

    private static int compareKeys(List<String> left, List<String> right) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int order = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private String describeColumns() {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            columns.add(labels.get(i) + " " + types.get(i));
        }
        return columns.toString();
    }
}
