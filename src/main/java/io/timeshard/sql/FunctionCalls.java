package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The function calls in a statement's tokens: a name followed by "(", excluding the keywords that
 * take parentheses (IN, CAST, COALESCE ...) and type modifiers (numeric(10,2)). Also the SQL value
 * functions written without parentheses (current_timestamp ...).
 */
public final class FunctionCalls {
    /** Words followed by "(" that are syntax rather than a function to look up. */
    private static final Set<String> SYNTAX = Set.of("in", "any", "all", "some", "array", "row", "cast", "coalesce", "nullif",
            "greatest", "least", "extract", "overlay", "position", "substring", "trim", "and", "or", "not", "filter", "over",
            "group", "within", "is", "between", "like", "ilike", "then", "else", "when", "case", "distinct", "by", "on", "select",
            "where", "having", "from", "as", "exists", "values", "interval", "similar", "escape", "using", "normalize", "collate",
            "zone");
    /** Types whose name can be followed by a modifier in parentheses. */
    private static final Set<String> MODIFIED_TYPES = Set.of("numeric", "decimal", "varchar", "char", "character", "varying", "bit",
            "timestamp", "timestamptz", "time", "timetz", "float", "interval", "bpchar", "varbit");
    private static final Set<String> VALUE_FUNCTIONS = Set.of("current_timestamp", "current_date", "current_time", "localtimestamp",
            "localtime");

    /** A call: the name's token index, its schema if qualified, and the indexes of its parentheses. */
    public record Call(int nameIndex, Optional<String> schema, String name, int open, int close) {}

    private FunctionCalls() {}

    public static List<Call> in(List<SqlToken> tokens) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (!token.isIdentifier() || i + 1 >= tokens.size() || tokens.get(i + 1).kind() != Kind.OPEN) {
                continue;
            }
            String name = token.identifier();
            if (token.kind() == Kind.WORD && SYNTAX.contains(name)) {
                continue;
            }
            SqlToken previous = i > 0 ? tokens.get(i - 1) : null;
            boolean typeModifier = MODIFIED_TYPES.contains(name) && previous != null
                    && (previous.isKeyword("character") || previous.isKeyword("bit"));
            if (previous != null && (previous.text().equals("::") || previous.isKeyword("as")) || typeModifier) {
                continue;
            }
            Optional<String> schema = Optional.empty();
            if (i >= 2 && tokens.get(i - 1).kind() == Kind.DOT && tokens.get(i - 2).isIdentifier()) {
                schema = Optional.of(tokens.get(i - 2).identifier());
            }
            calls.add(new Call(i, schema, name, i + 1, closing(tokens, i + 1)));
        }
        return calls;
    }

    /** The index of the ")" matching the "(" at {@code open}. */
    public static int closing(List<SqlToken> tokens, int open) {
        int depth = tokens.get(open).depth();
        for (int i = open + 1; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.CLOSE && tokens.get(i).depth() == depth) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** The index of the ")" matching the "(" at {@code open}; -1 when the text ends first. */
    public static int matchingClose(List<SqlToken> tokens, int open) {
        int close = closing(tokens, open);
        return tokens.get(close).kind() == Kind.CLOSE && tokens.get(close).depth() == tokens.get(open).depth() ? close : -1;
    }

    /** True when {@code token} is a SQL value function such as current_timestamp (not a column of that name in quotes). */
    public static boolean isValueFunction(SqlToken token) {
        return token.kind() == Kind.WORD && VALUE_FUNCTIONS.contains(token.text().toLowerCase(Locale.ROOT));
    }
}
