package io.timeshard.plan;

import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.QualifiedName;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlToken.Kind;
import io.timeshard.sql.SqlTokenizer;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * A statement {@code WITH name AS (<query>) ...} whose one common table expression is the only part
 * that reads hypertables: that query can be pushed down like a query of its own, and the rest of
 * the statement runs at home over its result (TSBS's double-groupby: an hourly aggregate per host
 * in the CTE, joined with a local tags table). Found by its text's tokens; RECURSIVE is left alone.
 */
record PushedCte(String statement, int bodyStart, int bodyEnd) {
    PushedCte {
        requireNonNull(statement, "statement is null");
    }

    String body() {
        return statement.substring(bodyStart, bodyEnd);
    }

    /** The statement with the CTE's query replaced by {@code query}. */
    String withBody(String query) {
        return statement.substring(0, bodyStart) + query + statement.substring(bodyEnd);
    }

    static Optional<PushedCte> find(String sql, Predicate<QualifiedName> isHypertable) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        if (tokens.isEmpty() || !tokens.get(0).isKeyword("with") || tokens.size() < 2 || tokens.get(1).isKeyword("recursive")) {
            return Optional.empty();
        }
        Optional<PushedCte> found = Optional.empty();
        int i = 1;
        while (true) {
            int open = bodyOpening(tokens, i);
            if (open < 0) {
                return Optional.empty();
            }
            int close = FunctionCalls.matchingClose(tokens, open);
            if (close < 0) {
                return Optional.empty();
            }
            if (!DistributedStatement.hypertablesNamed(tokens.subList(open + 1, close), isHypertable).isEmpty()) {
                if (found.isPresent()) {
                    return Optional.empty();
                }
                found = Optional.of(new PushedCte(sql, tokens.get(open).end(), tokens.get(close).start()));
            }
            if (close + 1 >= tokens.size() || tokens.get(close + 1).kind() != Kind.COMMA) {
                boolean restReadsHypertables = !DistributedStatement.hypertablesNamed(tokens.subList(close + 1, tokens.size()),
                        isHypertable).isEmpty();
                return restReadsHypertables ? Optional.empty() : found;
            }
            i = close + 2;
        }
    }

    /** The "(" of the query of the CTE whose name is at {@code i}: name [(columns)] AS [[NOT] MATERIALIZED] (. */
    private static int bodyOpening(List<SqlToken> tokens, int i) {
        if (i >= tokens.size() || !tokens.get(i).isIdentifier()) {
            return -1;
        }
        int next = i + 1;
        if (next < tokens.size() && tokens.get(next).kind() == Kind.OPEN) {
            next = FunctionCalls.matchingClose(tokens, next) + 1;
            if (next <= 0) {
                return -1;
            }
        }
        if (next >= tokens.size() || !tokens.get(next).isKeyword("as")) {
            return -1;
        }
        next++;
        if (next < tokens.size() && tokens.get(next).isKeyword("not")) {
            next++;
        }
        if (next < tokens.size() && tokens.get(next).isKeyword("materialized")) {
            next++;
        }
        return next < tokens.size() && tokens.get(next).kind() == Kind.OPEN ? next : -1;
    }

}
