package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's tokens with each literal whose value cannot change how PostgreSQL types the
 * statement written as its kind, so that statements differing only in such values share what
 * parse analysis says of them (result columns, parameter types). A string literal types by its
 * context alone; an integer by its size (int4, int8, numeric). Kept as written: numbers that may be
 * ordinals or type modifiers (GROUP BY 1, numeric(10, 2)), strings with a prefix (B'101' is a
 * bit(3)), and the two integers whose type a minus sign changes (2147483648, 9223372036854775808).
 */
public final class LiteralShape {
    /** Words after which a number is a value: LIMIT 5, BETWEEN 1 AND 9, CASE WHEN ... THEN 0. */
    private static final Set<String> VALUE_WORDS = Set.of("limit", "offset", "between", "and", "or", "then", "else", "when");
    private static final BigInteger INT4_EDGE = BigInteger.ONE.shiftLeft(31);
    private static final BigInteger INT8_EDGE = BigInteger.ONE.shiftLeft(63);

    private LiteralShape() {
    }

    public static String of(String sql) {
        return of(SqlTokenizer.tokenize(sql));
    }

    public static String of(List<SqlToken> tokens) {
        StringBuilder shape = new StringBuilder();
        Deque<Boolean> inLists = new ArrayDeque<>();
        SqlToken previous = null;
        for (SqlToken token : tokens) {
            String text = switch (token.kind()) {
                case STRING -> prefixed(previous, token) ? token.text() : "?str";
                case NUMBER -> isValue(previous, inLists) ? numberKind(token.text()) : token.text();
                case WORD -> token.identifier();
                default -> token.text();
            };
            if (token.kind() == Kind.OPEN) {
                inLists.push(previous != null && previous.isKeyword("in"));
            } else if (token.kind() == Kind.CLOSE && !inLists.isEmpty()) {
                inLists.pop();
            }
            shape.append(text).append(' ');
            previous = token;
        }
        return shape.toString();
    }

    /** B'101', X'1f', N'text': a word right before the quote makes another kind of literal. */
    private static boolean prefixed(SqlToken previous, SqlToken string) {
        return previous != null && previous.kind() == Kind.WORD && previous.end() == string.start();
    }

    private static boolean isValue(SqlToken previous, Deque<Boolean> inLists) {
        if (previous == null) {
            return false;
        }
        return switch (previous.kind()) {
            case OPERATOR -> !previous.text().equals("::");
            case WORD -> VALUE_WORDS.contains(previous.text().toLowerCase(Locale.ROOT));
            case OPEN, COMMA -> Boolean.TRUE.equals(inLists.peek());
            default -> false;
        };
    }

    /** The type PostgreSQL gives the number, or the number itself where that is not certain. */
    static String numberKind(String number) {
        String digits = number.replace("_", "").toLowerCase(Locale.ROOT);
        if (digits.contains(".") || digits.contains("e") && !digits.startsWith("0x")) {
            return "?numeric";
        }
        BigInteger value;
        try {
            value = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16)
                    : digits.startsWith("0o") ? new BigInteger(digits.substring(2), 8)
                    : digits.startsWith("0b") ? new BigInteger(digits.substring(2), 2)
                    : new BigInteger(digits);
        } catch (NumberFormatException e) {
            return number;
        }
        if (value.equals(INT4_EDGE) || value.equals(INT8_EDGE)) {
            return number;
        }
        return value.compareTo(INT4_EDGE) < 0 ? "?int4" : value.compareTo(INT8_EDGE) < 0 ? "?int8" : "?numeric";
    }
}
