package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The statement that lets the home database check a hypertable statement's privileges for the
 * session's current role: an EXPLAIN of it over the root tables alone ({@code ONLY}). PostgreSQL's
 * EXPLAIN checks what the executor would check (table and column privileges, for the current role)
 * and runs nothing; the root tables are empty, so it plans nothing costly either.
 * COPY becomes the INSERT or SELECT it stands for; an INSERT keeps its target, columns, ON CONFLICT
 * and RETURNING but not its rows, which the access node reads itself.
 */
public final class PrivilegeProbe {
    private static final Set<String> RELATION_KEYWORDS = Set.of("from", "join", "update", "using", "table");
    private static final Set<String> CLAUSES = Set.of("select", "from", "where", "group", "having", "order", "limit", "set", "returning",
            "on", "using", "values", "window");

    private PrivilegeProbe() {}

    /** {@code columns}: the root table's columns, for a COPY FROM without a column list. */
    public static String of(DistributedStatement statement, Predicate<QualifiedName> isHypertable, Supplier<List<String>> columns) {
        String checked = checked(statement, columns);
        // INSERT takes no ONLY, and needs none: it writes the table it names.
        return "EXPLAIN (COSTS OFF) " + (checked.regionMatches(true, 0, "INSERT", 0, 6) ? checked : onlyHypertables(checked, isHypertable));
    }

    /**
     * A probe's tokens with the values of its literals left out: probes alike but for them check
     * the same privileges. A number keeps its kind, which may choose another function or operator.
     */
    public static String shape(List<SqlToken> probe) {
        StringBuilder shape = new StringBuilder();
        for (SqlToken token : probe) {
            shape.append(switch (token.kind()) {
                case STRING -> "''";
                case NUMBER -> LiteralShape.numberKind(token.text());
                default -> token.text();
            }).append(' ');
        }
        return shape.toString();
    }

    /**
     * {@code sql} with ONLY before each hypertable read as a relation: a name after FROM, JOIN,
     * UPDATE, USING or TABLE, or after a comma in a FROM list; not a column or whole-row reference
     * of the same name, and not {@code name*}, which asks for the children and takes no ONLY.
     */
    private static String onlyHypertables(String sql, Predicate<QualifiedName> isHypertable) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        StringBuilder text = new StringBuilder();
        int copied = 0;
        for (int i = 1; i < tokens.size(); i++) {
            if (DistributedStatement.nameAt(tokens, i).filter(isHypertable).isEmpty()
                    || i + 1 < tokens.size() && tokens.get(i + 1).text().equals("*")) {
                continue;
            }
            int start = tokens.get(i - 1).kind() == Kind.DOT ? i - 2 : i;
            if (start > 0 && isRelationPosition(tokens, start - 1)) {
                text.append(sql, copied, tokens.get(start).start()).append("ONLY ");
                copied = tokens.get(start).start();
            }
        }
        return text.append(sql.substring(copied)).toString();
    }

    /** True when the token before a name makes the name a relation to scan. */
    private static boolean isRelationPosition(List<SqlToken> tokens, int before) {
        SqlToken token = tokens.get(before);
        if (token.kind() == Kind.COMMA) {
            for (int i = before - 1; i >= 0; i--) {
                SqlToken earlier = tokens.get(i);
                if (earlier.depth() == token.depth() && earlier.kind() == Kind.WORD && CLAUSES.contains(earlier.text().toLowerCase(Locale.ROOT))) {
                    return earlier.isKeyword("from") || earlier.isKeyword("using");
                }
            }
            return false;
        }
        return token.kind() == Kind.WORD && RELATION_KEYWORDS.contains(token.text().toLowerCase(Locale.ROOT));
    }

    private static String checked(DistributedStatement statement, Supplier<List<String>> columns) {
        List<SqlToken> tokens = statement.tokens();
        String sql = statement.sql();
        if (tokens.get(0).isKeyword("explain")) {
            return ExplainStatement.read(sql).map(ExplainStatement::query).map(query -> checked(reclassified(statement, query), columns))
                    .orElse(sql);
        }
        return switch (statement.kind()) {
            case INSERT -> insert(statement, columns);
            case COPY_FROM -> copyFrom(statement, columns);
            default -> tokens.get(0).isKeyword("copy") ? copyTo(statement) : sql;
        };
    }

    private static DistributedStatement reclassified(DistributedStatement statement, String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        DistributedStatement.Kind kind = tokens.get(0).isKeyword("insert") ? DistributedStatement.Kind.INSERT : statement.kind();
        return new DistributedStatement(kind, statement.hypertable(), sql, tokens);
    }

    private static String insert(DistributedStatement statement, Supplier<List<String>> columns) {
        InsertParts parts = InsertParts.of(statement);
        String target = "INSERT INTO " + statement.sql().substring(statement.tokens().get(2).start(),
                statement.tokens().get(statement.targetEnd()).end());
        int count = parts.columns().isEmpty() ? columns.get().size() : parts.columns().size();
        return target + parts.alias().map(alias -> " AS " + alias).orElse("") + parts.columnList().map(list -> " " + list).orElse("")
                + " VALUES (" + String.join(", ", Collections.nCopies(count, "DEFAULT")) + ")"
                + parts.onConflict().map(clause -> " " + clause).orElse("") + parts.returning().map(clause -> " " + clause).orElse("");
    }

    private static String copyFrom(DistributedStatement statement, Supplier<List<String>> columns) {
        CopyStatement copy = CopyStatement.parse(statement.sql()).orElseThrow();
        List<String> named = copy.columns().isEmpty() ? columns.get() : copy.columns();
        return "INSERT INTO " + copiedTable(statement) + " (" + String.join(", ", named.stream().map(SqlText::identifier).toList())
                + ") VALUES (" + String.join(", ", Collections.nCopies(named.size(), "DEFAULT")) + ")";
    }

    /** {@code COPY (query) TO} checks the query; {@code COPY table [(columns)] TO} a SELECT of those columns. */
    private static String copyTo(DistributedStatement statement) {
        List<SqlToken> tokens = statement.tokens();
        String sql = statement.sql();
        if (tokens.get(1).kind() == Kind.OPEN) {
            int close = FunctionCalls.closing(tokens, 1);
            return sql.substring(tokens.get(2).start(), tokens.get(close).start());
        }
        int end = tokens.get(2).kind() == Kind.DOT ? 3 : 1;
        String table = copiedTable(statement);
        String selected = "*";
        if (tokens.get(end + 1).kind() == Kind.OPEN) {
            int close = FunctionCalls.closing(tokens, end + 1);
            selected = sql.substring(tokens.get(end + 2).start(), tokens.get(close).start());
        }
        return "SELECT " + selected + " FROM " + table;
    }

    private static String copiedTable(DistributedStatement statement) {
        List<SqlToken> tokens = statement.tokens();
        return statement.sql().substring(tokens.get(1).start(), tokens.get(tokens.get(2).kind() == Kind.DOT ? 3 : 1).end());
    }
}
