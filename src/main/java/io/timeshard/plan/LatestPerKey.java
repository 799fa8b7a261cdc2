package io.timeshard.plan;

import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.QualifiedName;
import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlToken.Kind;
import io.timeshard.sql.SqlTokenizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * A LATERAL subquery picking the first rows of a hypertable, in its own order, for each row of
 * the one table before it: TimescaleDB's "last point" query (TSBS's lastpoint),
 * {@code SELECT ... FROM tags t JOIN LATERAL (SELECT * FROM cpu c WHERE c.tags_id = t.id ORDER BY
 * time DESC LIMIT 1) b ON true ...}. Its rows are the subquery's with the correlation replaced by
 * the outer table's keys, {@code c.tags_id IN (SELECT t.id FROM tags t)}, read in the subquery's
 * order until each key has its LIMIT of rows; PostgreSQL then runs the statement over those rows.
 * The subquery must refer to the outer table in that one equality only, have an ORDER BY of its
 * rows' columns and a LIMIT, and aggregate nothing (checked by the caller, which knows the
 * functions); the hypertable must appear in it alone. Found by the statement's tokens.
 */
record LatestPerKey(String statement, SelectQuery body, int bodyStart, Span correlation, Span innerKey, String outerKey,
                    String outerTable, int rowsPerKey) {
    /** Words that may stand between the outer table and LATERAL: "t JOIN", "t INNER JOIN", "t LEFT [OUTER] JOIN", "t CROSS JOIN". */
    private static final Set<String> JOIN_WORDS = Set.of("join", "inner", "left", "outer", "cross");
    private static final String ROWS = "_timeshard_latest_rows";

    /** The outer table as written, with its alias or name, and the name qualifying its columns. */
    private record Outer(String table, String qualifier) {}

    /** The two sides of the correlating equality. */
    private record Sides(Span inner, Span outer) {}

    LatestPerKey {
        requireNonNull(statement, "statement is null");
        requireNonNull(body, "body is null");
    }

    /** The subquery's rows for the keys {@code keyCondition} gives ("IN (...)"), in its order, all of the hypertable's columns, no LIMIT. */
    String rowsQuery(String keyCondition) {
        SqlRenderer renderer = new SqlRenderer(body);
        List<SelectQuery.Item> items = body.items();
        renderer.replace(items.get(0).expression().from(), items.get(items.size() - 1).expression().to(), "*");
        renderer.replace(correlation.from(), correlation.to(), "(" + body.text(innerKey) + ") " + keyCondition);
        return renderer.render(new Span(0, body.limitsStart()));
    }

    /** The condition giving every key of the outer table. */
    String outerKeys() {
        return "IN (SELECT " + outerKey + " FROM " + outerTable + ")";
    }

    /** The inner key's column, as the subquery names it. */
    String innerKeyColumn() {
        return body.tokens().get(innerKey.to() - 1).identifier();
    }

    /**
     * The statement with the subquery reading {@code rows} (a relation with the hypertable's
     * columns) in place of the hypertable, through a materialized CTE: the subquery runs once per
     * outer row, and would otherwise read the relation's text values anew each time.
     */
    String withRows(String rows) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(statement);
        int start = bodyStart + body.tokens().get(body.table().from()).start();
        int end = bodyStart + body.tokens().get(body.table().to() - 1).end();
        String alias = body.alias().isPresent() ? "" : " AS " + SqlText.identifier(body.tableName().name());
        String cte = ROWS + " AS MATERIALIZED (SELECT * FROM " + rows + " AS _timeshard_r)";
        String read = statement.substring(0, start) + ROWS + alias + statement.substring(end);
        if (!tokens.get(0).isKeyword("with")) {
            return "WITH " + cte + " " + read;
        }
        int after = tokens.get(tokens.get(1).isKeyword("recursive") ? 1 : 0).end();
        return read.substring(0, after) + " " + cte + "," + read.substring(after);
    }

    static Optional<LatestPerKey> find(String sql, Predicate<QualifiedName> isHypertable) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        for (int lateral = 1; lateral + 2 < tokens.size(); lateral++) {
            if (!tokens.get(lateral).isKeyword("lateral") || tokens.get(lateral + 1).kind() != Kind.OPEN
                    || !tokens.get(lateral + 2).isKeyword("select")) {
                continue;
            }
            int close = FunctionCalls.matchingClose(tokens, lateral + 1);
            if (close < 0) {
                return Optional.empty();
            }
            List<SqlToken> outside = new ArrayList<>(tokens.subList(0, lateral + 1));
            outside.addAll(tokens.subList(close, tokens.size()));
            if (!DistributedStatement.hypertablesNamed(outside, isHypertable).isEmpty()) {
                return Optional.empty();
            }
            int bodyStart = tokens.get(lateral + 1).end();
            Optional<Outer> outer = outerTable(sql, tokens, lateral);
            return SelectQuery.read(sql.substring(bodyStart, tokens.get(close).start()))
                    .flatMap(body -> outer.flatMap(table -> of(sql, body, bodyStart, table)));
        }
        return Optional.empty();
    }

    /** The outer table's text and qualifier: {@code FROM name [[AS] alias]} right before the join to LATERAL. */
    private static Optional<Outer> outerTable(String sql, List<SqlToken> tokens, int lateral) {
        int last = lateral - 1;
        if (tokens.get(last).kind() == Kind.COMMA) {
            last--;
        } else if (tokens.get(last).isKeyword("join")) {
            while (last > 0 && tokens.get(last).kind() == Kind.WORD && JOIN_WORDS.contains(tokens.get(last).identifier())) {
                last--;
            }
        } else {
            return Optional.empty();
        }
        for (int first = last; first >= 1 && first >= last - 4; first--) {
            if (tokens.get(first - 1).isKeyword("from") && tokens.get(first - 1).depth() == tokens.get(lateral).depth()) {
                return tableAndQualifier(sql, tokens, first, last);
            }
        }
        return Optional.empty();
    }

    /** Tokens [first, last] as {@code name}, {@code schema.name}, either followed by {@code [AS] alias}. */
    private static Optional<Outer> tableAndQualifier(String sql, List<SqlToken> tokens, int first, int last) {
        int nameEnd = first;
        if (nameEnd + 2 <= last && tokens.get(nameEnd + 1).kind() == Kind.DOT) {
            nameEnd += 2;
        }
        for (int i = first; i <= nameEnd; i += 2) {
            if (!tokens.get(i).isIdentifier()) {
                return Optional.empty();
            }
        }
        int aliasAt = nameEnd + 1 <= last && tokens.get(nameEnd + 1).isKeyword("as") ? nameEnd + 2 : nameEnd + 1;
        if (aliasAt < last || aliasAt == last && !tokens.get(last).isIdentifier()) {
            return Optional.empty();
        }
        String qualifier = aliasAt == last ? tokens.get(last).identifier() : tokens.get(nameEnd).identifier();
        return Optional.of(new Outer(sql.substring(tokens.get(first).start(), tokens.get(last).end()), qualifier));
    }

    private static Optional<LatestPerKey> of(String sql, SelectQuery body, int bodyStart, Outer outer) {
        String qualifier = outer.qualifier();
        if (body.where().isEmpty() || body.orderBy().isEmpty() || body.limit().isEmpty() || body.limit().get().kind() != Kind.NUMBER
                || body.offset().isPresent() || body.distinct() || !body.distinctOn().isEmpty() || !body.groupBy().isEmpty()
                || body.having().isPresent() || qualifier.equals(body.qualifier())) {
            return Optional.empty();
        }
        int rows;
        try {
            rows = Integer.parseInt(body.limit().get().text());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        List<Span> correlations = new ArrayList<>();
        List<String> outerKeys = new ArrayList<>();
        List<Span> innerKeys = new ArrayList<>();
        for (Span conjunct : conjuncts(body, body.where().get())) {
            correlation(body, conjunct, qualifier).ifPresent(sides -> {
                correlations.add(conjunct);
                innerKeys.add(sides.inner());
                outerKeys.add(body.text(sides.outer()));
            });
        }
        if (rows <= 0 || correlations.size() != 1 || mentions(body, qualifier, correlations.get(0)) || !orderedByColumnsAlone(body)) {
            return Optional.empty();
        }
        return Optional.of(new LatestPerKey(sql, body, bodyStart, correlations.get(0), innerKeys.get(0), outerKeys.get(0), outer.table(), rows));
    }

    /**
     * True when the ORDER BY means the same over all the hypertable's columns as over the subquery's
     * select list: no ordinal, no name of a select-list alias.
     */
    private static boolean orderedByColumnsAlone(SelectQuery body) {
        Set<String> aliases = new HashSet<>();
        body.items().forEach(item -> item.alias().ifPresent(aliases::add));
        for (SelectQuery.OrderItem item : body.orderBy()) {
            Span span = item.expression();
            if (span.to() - span.from() == 1 && body.tokens().get(span.from()).kind() == Kind.NUMBER) {
                return false;
            }
            for (int i = span.from(); i < span.to(); i++) {
                if (body.tokens().get(i).isIdentifier() && aliases.contains(body.tokens().get(i).identifier())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The WHERE clause's top-level AND terms (an AND closing a BETWEEN belongs to it). */
    private static List<Span> conjuncts(SelectQuery body, Span where) {
        List<SqlToken> tokens = body.tokens();
        int depth = tokens.get(where.from()).depth();
        List<Span> terms = new ArrayList<>();
        int start = where.from();
        boolean between = false;
        for (int i = where.from(); i < where.to(); i++) {
            SqlToken token = tokens.get(i);
            if (token.depth() != depth) {
                continue;
            }
            if (token.isKeyword("between")) {
                between = true;
            } else if (token.isKeyword("and") && between) {
                between = false;
            } else if (token.isKeyword("and")) {
                terms.add(new Span(start, i));
                start = i + 1;
            } else if (token.isKeyword("or")) {
                return List.of(where);
            }
        }
        terms.add(new Span(start, where.to()));
        return terms;
    }

    /** For {@code inner = outer.column} (either way round): the inner side, a column of the hypertable, and the outer one. */
    private static Optional<Sides> correlation(SelectQuery body, Span term, String qualifier) {
        List<SqlToken> tokens = body.tokens();
        for (int equals = term.from() + 1; equals < term.to() - 1; equals++) {
            if (tokens.get(equals).kind() != Kind.OPERATOR || !tokens.get(equals).text().equals("=")) {
                continue;
            }
            Span left = new Span(term.from(), equals);
            Span right = new Span(equals + 1, term.to());
            if (isColumnOf(body, right, Optional.of(qualifier)) && isColumnOf(body, left, Optional.empty())) {
                return Optional.of(new Sides(left, right));
            }
            if (isColumnOf(body, left, Optional.of(qualifier)) && isColumnOf(body, right, Optional.empty())) {
                return Optional.of(new Sides(right, left));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A column qualified by {@code qualifier}, or else by the hypertable's own qualifier or none. */
    private static boolean isColumnOf(SelectQuery body, Span span, Optional<String> qualifier) {
        List<SqlToken> tokens = body.tokens();
        int length = span.to() - span.from();
        if (length == 1) {
            return qualifier.isEmpty() && tokens.get(span.from()).isIdentifier();
        }
        if (length != 3 || !tokens.get(span.from()).isIdentifier() || tokens.get(span.from() + 1).kind() != Kind.DOT
                || !tokens.get(span.from() + 2).isIdentifier()) {
            return false;
        }
        String name = tokens.get(span.from()).identifier();
        return qualifier.map(name::equals).orElse(name.equals(body.qualifier()));
    }

    /** True when {@code qualifier.} appears in the subquery outside {@code except}. */
    private static boolean mentions(SelectQuery body, String qualifier, Span except) {
        List<SqlToken> tokens = body.tokens();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if ((i < except.from() || i >= except.to()) && tokens.get(i).isIdentifier() && tokens.get(i).identifier().equals(qualifier)
                    && tokens.get(i + 1).kind() == Kind.DOT) {
                return true;
            }
        }
        return false;
    }
}
