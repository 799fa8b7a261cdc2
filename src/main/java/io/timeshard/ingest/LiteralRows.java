package io.timeshard.ingest;

import io.timeshard.catalog.RootTable;
import io.timeshard.home.ValueExpression;
import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.sql.InsertParts;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rows of {@code INSERT ... VALUES (...), (...)} when every value is a plain literal, NULL, a
 * parameter or one of the expressions {@link ValueExpression} computes: as text, one field per
 * root-table column. Empty whenever PostgreSQL must evaluate something (other expressions,
 * DEFAULT, defaults of omitted columns, numbers into other types).
 */
final class LiteralRows {
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");
    private static final Set<String> DECIMAL_TYPES = Set.of("real", "double precision", "numeric");

    /** The numeric constants a column's type reads as their text. */
    private enum Numbers {
        NONE, INTEGERS, ANY;

        static Numbers of(String type) {
            return INTEGER_TYPES.contains(type) ? INTEGERS : DECIMAL_TYPES.contains(type) ? ANY : NONE;
        }
    }

    private LiteralRows() {}

    /**
     * {@code zone}: the session's time zone, null when Java does not know it; {@code now}: the
     * statement's start in microseconds since 1970 when it is now() (outside a transaction block).
     */
    static Optional<List<String[]>> parse(InsertParts parts, RootTable root, StatementRequest request, ZoneId zone, OptionalLong now) {
        List<String> names = parts.columns().isEmpty() ? root.columnNames() : parts.columns();
        int[] positions = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            positions[i] = root.columnNames().indexOf(names.get(i));
            if (positions[i] < 0) {
                return Optional.empty();
            }
        }
        for (RootTable.Column column : root.columns()) {
            if (!names.contains(column.name()) && column.defaultExpression().isPresent()) {
                return Optional.empty();
            }
        }
        List<String> parameters;
        try {
            parameters = request.textParameters();
        } catch (TimeshardException e) {
            return Optional.empty();
        }
        List<SqlToken> tokens = parts.sourceTokens();
        if (tokens.isEmpty() || !tokens.get(0).isKeyword("values")) {
            return Optional.empty();
        }
        Numbers[] numbers = new Numbers[names.size()];
        for (int field = 0; field < names.size(); field++) {
            numbers[field] = Numbers.of(root.columns().get(positions[field]).type());
        }
        List<String[]> rows = new ArrayList<>();
        int i = 1;
        while (true) {
            if (i >= tokens.size() || tokens.get(i).kind() != SqlToken.Kind.OPEN) {
                return Optional.empty();
            }
            i++;
            String[] row = new String[root.columns().size()];
            for (int field = 0; field < names.size(); field++) {
                int end = fieldEnd(tokens, i);
                if (end < 0) {
                    return Optional.empty();
                }
                if (value(tokens, i, numbers[field], parameters, row, positions[field]) != end) {
                    Optional<String> computed = ValueExpression.evaluate(tokens, i, end, root.columns().get(positions[field]).type(),
                            parameters, request.parameterTypes(), zone, now);
                    if (computed.isEmpty()) {
                        return Optional.empty();
                    }
                    row[positions[field]] = computed.get();
                }
                i = end;
                SqlToken separator = tokens.get(i++);
                boolean last = field == names.size() - 1;
                if (separator.kind() != (last ? SqlToken.Kind.CLOSE : SqlToken.Kind.COMMA)) {
                    return Optional.empty();
                }
            }
            rows.add(row);
            if (i == tokens.size()) {
                return Optional.of(rows);
            }
            if (tokens.get(i++).kind() != SqlToken.Kind.COMMA) {
                return Optional.empty();
            }
        }
    }

    /** The index of the comma or parenthesis that ends the field starting at token {@code start}; -1 when none does. */
    private static int fieldEnd(List<SqlToken> tokens, int start) {
        if (start >= tokens.size()) {
            return -1;
        }
        int depth = tokens.get(start).depth();
        for (int i = start; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.kind() == SqlToken.Kind.COMMA && token.depth() == depth || token.kind() == SqlToken.Kind.CLOSE && token.depth() == depth - 1) {
                return i;
            }
        }
        return -1;
    }

    /** Reads one value at token {@code i} into {@code row[column]}; returns the next token's index, or -1. */
    private static int value(List<SqlToken> tokens, int i, Numbers numbers, List<String> parameters, String[] row, int column) {
        if (i >= tokens.size()) {
            return -1;
        }
        SqlToken token = tokens.get(i);
        switch (token.kind()) {
            case STRING -> {
                row[column] = SqlText.stringValue(token);
                return i + 1;
            }
            case PARAMETER -> {
                int number = Integer.parseInt(token.text().substring(1));
                if (number < 1 || number > parameters.size()) {
                    return -1;
                }
                row[column] = parameters.get(number - 1);
                return i + 1;
            }
            case NUMBER -> {
                return number(token.text(), numbers, row, column) ? i + 1 : -1;
            }
            case OPERATOR -> {
                boolean signed = token.text().equals("-") || token.text().equals("+");
                if (!signed || i + 1 >= tokens.size() || tokens.get(i + 1).kind() != SqlToken.Kind.NUMBER) {
                    return -1;
                }
                return number(token.text() + tokens.get(i + 1).text(), numbers, row, column) ? i + 2 : -1;
            }
            case WORD -> {
                if (token.isKeyword("null")) {
                    row[column] = null;
                    return i + 1;
                }
                return -1;
            }
            default -> {
                return -1;
            }
        }
    }

    /** A numeric constant reads the same as its text only into numeric columns (and into integers only as an integer). */
    private static boolean number(String text, Numbers numbers, String[] row, int column) {
        if (numbers == Numbers.NONE || numbers == Numbers.INTEGERS && !isInteger(text)) {
            return false;
        }
        row[column] = text;
        return true;
    }

    /** [+-]digits */
    private static boolean isInteger(String text) {
        int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
