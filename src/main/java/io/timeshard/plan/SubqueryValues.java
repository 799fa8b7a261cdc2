package io.timeshard.plan;

import io.timeshard.home.HomeConnection;
import io.timeshard.home.StatementScope;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlToken.Kind;
import io.timeshard.sql.SqlTokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * An uncorrelated subquery over local tables in {@code x [NOT] IN (SELECT ...)} is answered at home
 * before the query is planned, in the client's session, and its rows take its place as a list of
 * constants of the subquery's type, {@code x IN ('v1'::type, ...)}, which means the same for every
 * value, NULLs included, and lets chunk exclusion read a dimension's values. (No list can be empty:
 * an empty result becomes {@code col = ANY ('{}'::type[])}, or {@code <> ALL}, where x is a column.)
 * The query then reads one hypertable only and can be pushed down, as TSBS's {@code tags_id IN
 * (SELECT id FROM tags WHERE hostname IN (...))}. A subquery that does not run on its own (it refers
 * to the outer query), reads a hypertable or returns more than {@value #MAX_VALUES} rows is left as it is.
 */
final class SubqueryValues {
    static final int MAX_VALUES = 10_000;

    private SubqueryValues() {}

    /** One subquery answered at home: its text, its column's type and its rows' values as text (null for NULL). */
    record Evaluated(String subquery, String type, List<String> values) {
        Evaluated {
            requireNonNull(subquery, "subquery is null");
            requireNonNull(type, "type is null");
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        /** The values as the constants replacing the subquery, or as an array literal when there are none. */
        String replacement(boolean negated) {
            if (values.isEmpty()) {
                return (negated ? "<> ALL (" : "= ANY (") + "'{}'::" + type + "[])";
            }
            StringBuilder list = new StringBuilder(negated ? "NOT IN (" : "IN (");
            for (int i = 0; i < values.size(); i++) {
                list.append(i == 0 ? "" : ", ").append(values.get(i) == null ? "NULL" : literal(values.get(i))).append("::").append(type);
            }
            return list.append(')').toString();
        }

        /** For EXPLAIN: the values as PostgreSQL would print the array of them. */
        String shown() {
            return values.stream().map(value -> value == null ? "NULL" : value).collect(Collectors.joining(",", "{", "}"))
                    + "::" + type + "[]";
        }
    }

    /** The query with its evaluated subqueries replaced by their values. */
    record Rewritten(String sql, List<Evaluated> subqueries) {
        Rewritten {
            requireNonNull(sql, "sql is null");
            subqueries = List.copyOf(subqueries);
        }
    }

    /** The query with every subquery it can evaluate replaced; empty when there is none. */
    static Optional<Rewritten> rewrite(String sql, StatementScope scope, HomeFacts facts) {
        if (scope.home().status() == TransactionStatus.FAILED) {
            return Optional.empty();
        }
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        StringBuilder rewritten = new StringBuilder();
        List<Evaluated> evaluated = new ArrayList<>();
        int copied = 0;
        for (int i = 1; i + 2 < tokens.size(); i++) {
            if (!tokens.get(i).isKeyword("in") || tokens.get(i + 1).kind() != Kind.OPEN || !tokens.get(i + 2).isKeyword("select")) {
                continue;
            }
            boolean negated = tokens.get(i - 1).isKeyword("not");
            int close = FunctionCalls.matchingClose(tokens, i + 1);
            if (close < 0 || readsHypertables(tokens.subList(i + 2, close), scope) || callsLocalFunctions(tokens.subList(i + 2, close), facts)) {
                continue;
            }
            String subquery = sql.substring(tokens.get(i + 1).end(), tokens.get(close).start());
            int operand = negated ? i - 2 : i - 1;
            Optional<Evaluated> values = evaluate(subquery, scope, facts).filter(found -> !found.values().isEmpty() || isColumnOperand(tokens, operand));
            if (values.isEmpty()) {
                continue;
            }
            evaluated.add(values.get());
            rewritten.append(sql, copied, tokens.get(negated ? i - 1 : i).start()).append(values.get().replacement(negated));
            copied = tokens.get(close).end();
            i = close;
        }
        if (evaluated.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rewritten(rewritten.append(sql, copied, sql.length()).toString(), evaluated));
    }

    /** A literal that reads the same whatever standard_conforming_strings says. */
    private static String literal(String text) {
        return text.indexOf('\\') < 0 ? SqlText.literal(text) : "E" + SqlText.literal(text.replace("\\", "\\\\"));
    }

    /** A column reference standing alone between WHERE, AND, OR, NOT or an opening parenthesis and the IN. */
    private static boolean isColumnOperand(List<SqlToken> tokens, int last) {
        if (last < 0 || !tokens.get(last).isIdentifier()) {
            return false;
        }
        int first = last;
        while (first >= 2 && tokens.get(first - 1).kind() == Kind.DOT && tokens.get(first - 2).isIdentifier()) {
            first -= 2;
        }
        if (first == 0) {
            return false;
        }
        SqlToken before = tokens.get(first - 1);
        return before.isKeyword("where") || before.isKeyword("and") || before.isKeyword("or") || before.isKeyword("not")
                || before.kind() == Kind.OPEN;
    }

    private static boolean readsHypertables(List<SqlToken> subquery, StatementScope scope) {
        return subquery.stream().anyMatch(token -> token.kind() == Kind.PARAMETER)
                || !DistributedStatement.hypertablesNamed(subquery, scope.services().registry()::isHypertable).isEmpty();
    }

    /**
     * A volatile, set-returning or user-defined function is left to PostgreSQL: it decides when (and,
     * for EXPLAIN, whether) such a subquery runs.
     */
    private static boolean callsLocalFunctions(List<SqlToken> subquery, HomeFacts facts) {
        return FunctionCalls.in(subquery).stream().anyMatch(call -> facts.function(call.name()) == HomeCatalog.FunctionKind.LOCAL_ONLY);
    }

    /**
     * Runs the subquery in the client's session; empty when it does not run alone or returns
     * anything but one column of a scalar type. Inside a transaction block a savepoint keeps a
     * failed attempt from aborting the client's transaction.
     */
    private static Optional<Evaluated> evaluate(String subquery, StatementScope scope, HomeFacts facts) {
        HomeConnection home = scope.home();
        // Built-in functions that are neither volatile nor user-defined cannot change the session's role.
        return home.attempt(() -> home.own(() -> describedType(home, subquery, facts).flatMap(type -> values(home, subquery, type))));
    }

    /** The type of the subquery's one column, as format_type spells it; empty for arrays and pseudo-types. */
    private static Optional<String> describedType(HomeConnection home, String subquery, HomeFacts facts) {
        HomeConnection.StatementDescription description;
        try {
            description = home.describeStatement(subquery, List.of());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (description.rows().isEmpty()) {
            return Optional.empty();
        }
        PgMessage rows = description.rows().get();
        PayloadReader reader = rows.reader(home.encoding());
        if (reader.readCount16() != 1) {
            return Optional.empty();
        }
        reader.readCString();
        reader.readInt32();
        reader.readInt16();
        int typeOid = reader.readInt32();
        reader.readInt16();
        int typeModifier = reader.readInt32();
        String type = facts.typeName(typeOid, typeModifier);
        return type.endsWith("[]") || List.of("record", "unknown", "anyelement").contains(type) ? Optional.empty() : Optional.of(type);
    }

    private static Optional<Evaluated> values(HomeConnection home, String subquery, String type) {
        HomeConnection.Outcome outcome = home.execute("SELECT s.v::text FROM (" + subquery + ") AS s(v) LIMIT " + (MAX_VALUES + 1),
                List.of(), List.of(), List.of());
        if (outcome.error() != null || outcome.rows().size() > MAX_VALUES) {
            return Optional.empty();
        }
        return Optional.of(new Evaluated(subquery.strip(), type, outcome.rows().stream().map(row -> row.get(0)).toList()));
    }
}
