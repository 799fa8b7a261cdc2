package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** EXPLAIN [ANALYZE] [VERBOSE] query, or EXPLAIN (option [value], ...) query: its options and the query. */
public record ExplainStatement(boolean analyze, boolean verbose, String query) {
    private static final Set<String> FALSE = Set.of("false", "off", "0");
    private static final Set<String> QUERY_STARTS = Set.of("select", "with", "values", "table");

    public static Optional<ExplainStatement> read(String sql) {
        if (!sql.stripLeading().regionMatches(true, 0, "explain", 0, "explain".length())) {
            return Optional.empty(); // the common case, without tokenizing
        }
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        if (tokens.size() < 2 || !tokens.get(0).isKeyword("explain")) {
            return Optional.empty();
        }
        boolean analyze = false;
        boolean verbose = false;
        int i = 1;
        if (tokens.get(1).kind() == Kind.OPEN && (tokens.size() < 3 || !startsQuery(tokens.get(2)))) {
            int close = FunctionCalls.closing(tokens, 1);
            for (int j = 2; j < close; j++) {
                SqlToken option = tokens.get(j);
                boolean on = j + 1 >= close || tokens.get(j + 1).kind() == Kind.COMMA || !FALSE.contains(tokens.get(j + 1).text().toLowerCase(Locale.ROOT));
                if (option.isKeyword("analyze") || option.isKeyword("analyse")) {
                    analyze = on;
                } else if (option.isKeyword("verbose")) {
                    verbose = on;
                }
            }
            i = close + 1;
        } else {
            while (i < tokens.size() && (tokens.get(i).isKeyword("analyze") || tokens.get(i).isKeyword("analyse")
                    || tokens.get(i).isKeyword("verbose"))) {
                analyze |= !tokens.get(i).isKeyword("verbose");
                verbose |= tokens.get(i).isKeyword("verbose");
                i++;
            }
        }
        if (i >= tokens.size()) {
            return Optional.empty();
        }
        return Optional.of(new ExplainStatement(analyze, verbose, sql.substring(tokens.get(i).start())));
    }

    /** True for the first token of a parenthesised query, which EXPLAIN takes without options: {@code EXPLAIN (SELECT ...) UNION ...}. */
    private static boolean startsQuery(SqlToken token) {
        return token.kind() == Kind.OPEN || QUERY_STARTS.contains(token.text().toLowerCase(Locale.ROOT));
    }
}
