package io.timeshard.plan;

import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.QualifiedName;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlToken.Kind;
import io.timeshard.sql.SqlTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * A query in a statement that is the only part of it reading hypertables, and that can be pushed
 * down like a query of its own while the rest of the statement runs at home over its result: the
 * query of a CTE ({@code WITH name AS (<query>) ...}: TSBS's double-groupby, an hourly aggregate per
 * host joined with a local tags table) or a derived table ({@code ... FROM (<query>) AS name ...}).
 * Neither can refer to the outer query (LATERAL is left alone, and so is WITH RECURSIVE). Found by
 * the statement's tokens.
 */
record PushedSubquery(String statement, int bodyStart, int bodyEnd) {
    PushedSubquery {
        requireNonNull(statement, "statement is null");
    }

    String body() {
        return statement.substring(bodyStart, bodyEnd);
    }

    /** The statement with the query replaced by {@code query}. */
    String withBody(String query) {
        return statement.substring(0, bodyStart) + query + statement.substring(bodyEnd);
    }

    /** The candidates, outermost first: each holds every hypertable the statement names. */
    static List<PushedSubquery> find(String sql, Predicate<QualifiedName> isHypertable) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        List<PushedSubquery> found = new ArrayList<>();
        boolean recursive = tokens.size() > 1 && tokens.get(0).isKeyword("with") && tokens.get(1).isKeyword("recursive");
        for (int open = 1; open + 1 < tokens.size() && !recursive; open++) {
            if (tokens.get(open).kind() != Kind.OPEN || !tokens.get(open + 1).isKeyword("select") || !startsQuery(tokens, open)) {
                continue;
            }
            int close = FunctionCalls.matchingClose(tokens, open);
            if (close < 0 || DistributedStatement.hypertablesNamed(tokens.subList(open + 1, close), isHypertable).isEmpty()) {
                continue;
            }
            List<SqlToken> outside = new ArrayList<>(tokens.subList(0, open + 1));
            outside.addAll(tokens.subList(close, tokens.size()));
            if (DistributedStatement.hypertablesNamed(outside, isHypertable).isEmpty()) {
                found.add(new PushedSubquery(sql, tokens.get(open).end(), tokens.get(close).start()));
            }
        }
        return found;
    }

    /** A "(" that opens a derived table (after FROM or JOIN) or a CTE's query (after AS [[NOT] MATERIALIZED] in a WITH statement). */
    private static boolean startsQuery(List<SqlToken> tokens, int open) {
        SqlToken before = tokens.get(open - 1);
        if (before.isKeyword("from") || before.isKeyword("join")) {
            return true;
        }
        boolean cte = tokens.get(0).isKeyword("with");
        return cte && (before.isKeyword("as") || before.isKeyword("materialized") && open >= 2
                && (tokens.get(open - 2).isKeyword("as") || tokens.get(open - 2).isKeyword("not")));
    }
}
