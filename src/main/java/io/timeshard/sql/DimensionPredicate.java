package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A comparison of a dimension column with a constant in a WHERE clause, of the kind that can rule
 * chunks out: {@code col op constant}, {@code col BETWEEN a AND b}, {@code col IN (a, b)}. Only
 * conditions joined by top-level AND are read; any top-level OR or NOT makes the clause unusable,
 * and conditions that are not understood are simply ignored (ruling out fewer chunks is always safe).
 */
public record DimensionPredicate(String column, String operator, List<Constant> values) {
    private static final Set<String> OPERATORS = Set.of("=", "<", "<=", ">", ">=");
    private static final Set<String> CLAUSE_ENDS = Set.of("returning", "group", "order", "limit", "offset", "having", "window", "for");

    /**
     * A literal (its text) or a parameter ($n), optionally cast ("'2024-01-01'::timestamptz", the
     * whole kept as its expression); or an expression of literals and parameters, which the access
     * node or PostgreSQL must evaluate ("'2024-01-01'::timestamptz - ($1 + 1) * interval '1 day'").
     */
    public record Constant(Optional<String> literal, Optional<Integer> parameter, Optional<String> expression) {
        public Constant {
            requireNonNull(literal, "literal is null");
            requireNonNull(parameter, "parameter is null");
            requireNonNull(expression, "expression is null");
        }

        public Constant(Optional<String> literal, Optional<Integer> parameter) {
            this(literal, parameter, Optional.empty());
        }
    }

    /** Words that may appear in an expression of literals. */
    private static final Set<String> LITERAL_WORDS = Set.of("interval", "timestamptz", "timestamp", "date", "time", "with", "without",
            "zone", "at");
    private static final Set<String> LITERAL_OPERATORS = Set.of("+", "-", "*", "/", "%", "::");

    public DimensionPredicate {
        requireNonNull(column, "column is null");
        requireNonNull(operator, "operator is null");
        values = List.copyOf(values);
    }

    /**
     * The predicates on {@code columns} in the WHERE clause that starts after token {@code whereIndex}.
     * A qualified column counts only with one of {@code qualifiers}; an unqualified one only when
     * {@code unqualifiedAllowed} (no other table in the statement could own it).
     */
    public static List<DimensionPredicate> read(List<SqlToken> tokens, int whereIndex, Set<String> columns, Set<String> qualifiers,
                                                boolean unqualifiedAllowed) {
        int end = whereIndex + 1;
        while (end < tokens.size() && !(tokens.get(end).depth() == 0 && (tokens.get(end).kind() == Kind.SEMICOLON
                || CLAUSE_ENDS.contains(tokens.get(end).text().toLowerCase())))) {
            end++;
        }
        List<SqlToken> clause = tokens.subList(whereIndex + 1, end);
        int depth = clause.isEmpty() ? 0 : clause.get(0).depth();
        for (SqlToken token : clause) {
            if (token.depth() == depth && (token.isKeyword("or") || token.isKeyword("not"))) {
                return List.of();
            }
        }
        List<DimensionPredicate> predicates = new ArrayList<>();
        for (int i = 0; i < clause.size(); i++) {
            if (clause.get(i).depth() != depth || !isColumn(clause, i, columns, qualifiers, unqualifiedAllowed)) {
                continue;
            }
            String column = clause.get(i).identifier();
            int next = i + 1;
            if (next < clause.size() && OPERATORS.contains(clause.get(next).text())) {
                constant(clause, next + 1).ifPresent(value -> predicates.add(new DimensionPredicate(column, clause.get(next).text(), List.of(value))));
            } else if (next < clause.size() && clause.get(next).isKeyword("between")) {
                Optional<Constant> low = constant(clause, next + 1);
                int and = next + 1 + constantLength(clause, next + 1);
                if (low.isPresent() && and < clause.size() && clause.get(and).isKeyword("and")) {
                    Optional<Constant> high = constant(clause, and + 1);
                    high.ifPresent(value -> {
                        predicates.add(new DimensionPredicate(column, ">=", List.of(low.get())));
                        predicates.add(new DimensionPredicate(column, "<=", List.of(value)));
                    });
                }
            } else if (next + 1 < clause.size() && clause.get(next).isKeyword("in") && clause.get(next + 1).kind() == Kind.OPEN) {
                inList(clause, next + 2).ifPresent(values -> predicates.add(new DimensionPredicate(column, "=", values)));
            }
        }
        return predicates;
    }

    /** A bare or qualified column reference ending at token {@code i} that is not itself part of a longer expression. */
    private static boolean isColumn(List<SqlToken> clause, int i, Set<String> columns, Set<String> qualifiers, boolean unqualifiedAllowed) {
        SqlToken token = clause.get(i);
        if (!token.isIdentifier() || !columns.contains(token.identifier())) {
            return false;
        }
        boolean qualified = i >= 2 && clause.get(i - 1).kind() == Kind.DOT;
        if (qualified ? !qualifiers.contains(clause.get(i - 2).identifier()) : !unqualifiedAllowed) {
            return false;
        }
        if (qualified && i >= 3 && clause.get(i - 3).kind() == Kind.DOT) {
            return false;
        }
        int before = qualified ? i - 2 : i;
        if (before > 0) {
            SqlToken previous = clause.get(before - 1);
            return previous.isKeyword("and") || previous.isKeyword("where");
        }
        return true;
    }

    private static Optional<List<Constant>> inList(List<SqlToken> clause, int start) {
        List<Constant> values = new ArrayList<>();
        int i = start;
        while (i < clause.size()) {
            Optional<Constant> value = constant(clause, i);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value.get());
            i += constantLength(clause, i);
            if (i < clause.size() && clause.get(i).kind() == Kind.CLOSE) {
                return Optional.of(values);
            }
            if (i >= clause.size() || clause.get(i).kind() != Kind.COMMA) {
                return Optional.empty();
            }
            i++;
        }
        return Optional.empty();
    }

    /** A constant at {@code i} (see {@link Constant}), followed by AND, a comma, ) or the end. */
    private static Optional<Constant> constant(List<SqlToken> clause, int i) {
        if (i >= clause.size()) {
            return Optional.empty();
        }
        int length = constantLength(clause, i);
        if (length == 0) {
            return Optional.empty();
        }
        int after = i + length;
        if (after < clause.size()) {
            SqlToken next = clause.get(after);
            boolean ends = next.isKeyword("and") || next.kind() == Kind.COMMA || next.kind() == Kind.CLOSE;
            if (!ends) {
                return Optional.empty();
            }
        }
        int inner = parenthesizedLength(clause, i);
        int from = inner > 0 && length == inner + 2 ? i + 1 : i;
        int to = from == i ? after : after - 1;
        if (to - from > simpleLength(clause, from)) {
            return Optional.of(new Constant(Optional.empty(), Optional.empty(), Optional.of(spelled(clause.subList(i, after)))));
        }
        int sign = clause.get(from).text().equals("-") ? 1 : 0;
        SqlToken value = clause.get(from + sign);
        // A cast is kept as the constant's expression: a cast to another type than the column's changes its meaning.
        Optional<String> cast = to - from == sign + 3 ? Optional.of(spelled(clause.subList(from, to))) : Optional.empty();
        return switch (value.kind()) {
            case STRING -> Optional.of(new Constant(Optional.of(SqlText.stringValue(value)), Optional.empty(), cast));
            case NUMBER -> Optional.of(new Constant(Optional.of((sign == 1 ? "-" : "") + value.text()), Optional.empty(), cast));
            case PARAMETER -> Optional.of(new Constant(Optional.empty(), Optional.of(Integer.parseInt(value.text().substring(1))), cast));
            default -> Optional.empty();
        };
    }

    private static String spelled(List<SqlToken> tokens) {
        StringBuilder text = new StringBuilder();
        tokens.forEach(part -> text.append(part.text()).append(' '));
        return text.toString().trim();
    }

    /** Tokens taken by a constant at {@code i}: a simple one, or else an expression of literals; 0 when none. */
    private static int constantLength(List<SqlToken> clause, int i) {
        int simple = simpleLength(clause, i);
        int end = i;
        int depth = 0;
        boolean literal = false;
        while (end < clause.size() && !(depth == 0 && (clause.get(end).isKeyword("and") || clause.get(end).kind() == Kind.COMMA
                || clause.get(end).kind() == Kind.CLOSE))) {
            SqlToken token = clause.get(end);
            boolean allowed = switch (token.kind()) {
                case STRING, NUMBER, PARAMETER -> true;
                case OPEN -> ++depth > 0;
                case CLOSE -> depth-- > 0;
                case OPERATOR -> LITERAL_OPERATORS.contains(token.text());
                case WORD -> LITERAL_WORDS.contains(token.text().toLowerCase(Locale.ROOT));
                default -> false;
            };
            if (!allowed) {
                return simple;
            }
            literal |= token.kind() == Kind.STRING || token.kind() == Kind.NUMBER;
            end++;
        }
        return literal && depth == 0 && end - i > simple ? end - i : simple;
    }

    /** Tokens inside the parentheses of a simple constant in parentheses at {@code i}, as pgjdbc sends parameters in the simple protocol ('x'); 0 when none. */
    private static int parenthesizedLength(List<SqlToken> clause, int i) {
        if (clause.get(i).kind() != Kind.OPEN || i + 1 >= clause.size()) {
            return 0;
        }
        int inner = simpleLength(clause, i + 1);
        return inner > 0 && i + 1 + inner < clause.size() && clause.get(i + 1 + inner).kind() == Kind.CLOSE ? inner : 0;
    }

    /** Tokens taken by a simple constant at {@code i}: [-]number, 'string', $n, each optionally with ::type; 0 when none. */
    private static int simpleLength(List<SqlToken> clause, int i) {
        int length;
        SqlToken token = clause.get(i);
        if (token.kind() == Kind.STRING || token.kind() == Kind.NUMBER || token.kind() == Kind.PARAMETER) {
            length = 1;
        } else if (token.text().equals("-") && i + 1 < clause.size() && clause.get(i + 1).kind() == Kind.NUMBER) {
            length = 2;
        } else {
            return 0;
        }
        if (i + length + 1 < clause.size() && clause.get(i + length).text().equals("::") && clause.get(i + length + 1).isIdentifier()) {
            length += 2;
        }
        return length;
    }
}
