package io.timeshard.sql;


import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * A statement that names a distributed hypertable, classified by what it does with it.
 * Statements that name none run on the home database unchanged.
 */
public record DistributedStatement(Kind kind, QualifiedName hypertable, String sql, List<SqlToken> tokens) {
    /**
     * QUERY also covers statements that only read hypertables: writes into other tables from a
     * query on one, and COPY ... TO. DEFINITION is a view, function, trigger or rule over a
     * hypertable, which would read the empty root table.
     */
    public enum Kind { COPY_FROM, INSERT, UPDATE, DELETE, QUERY, DDL, TRUNCATE, MAINTENANCE, DEFINITION, UNSUPPORTED }

    private static final Set<String> DDL_KEYWORDS = Set.of("alter", "create", "drop", "grant", "revoke", "comment", "reindex", "cluster");
    private static final Set<String> COLUMN_LIST_KEYWORDS = Set.of("into", "on", "table", "only", "copy", "references", "analyze",
            "analyse", "vacuum");
    private static final Set<String> QUERY_KEYWORDS = Set.of("select", "with", "table", "values", "explain");

    public DistributedStatement {
        requireNonNull(kind, "kind is null");
        requireNonNull(hypertable, "hypertable is null");
        requireNonNull(sql, "sql is null");
        tokens = List.copyOf(tokens);
    }

    /** Classifies {@code sql}; empty when it names no distributed hypertable. */
    public static Optional<DistributedStatement> classify(String sql, Predicate<QualifiedName> isHypertable) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        Optional<QualifiedName> named = firstHypertable(tokens, isHypertable);
        if (named.isEmpty() || tokens.isEmpty()) {
            return Optional.empty();
        }
        String first = tokens.get(0).text().toLowerCase(Locale.ROOT);
        Kind kind;
        if (first.equals("copy")) {
            kind = copyTargets(tokens, named.get()) ? Kind.COPY_FROM : copiesOut(tokens) ? Kind.QUERY : Kind.UNSUPPORTED;
        } else if (first.equals("insert")) {
            kind = targetIs(tokens, 2, named.get()) ? Kind.INSERT : Kind.QUERY;
        } else if (first.equals("update")) {
            kind = targetIs(tokens, tokens.size() > 1 && tokens.get(1).isKeyword("only") ? 2 : 1, named.get()) ? Kind.UPDATE : Kind.QUERY;
        } else if (first.equals("delete")) {
            kind = targetIs(tokens, tokens.size() > 2 && tokens.get(2).isKeyword("only") ? 3 : 2, named.get()) ? Kind.DELETE : Kind.QUERY;
        } else if (first.equals("create") && definesOver(tokens)) {
            kind = Kind.DEFINITION;
        } else if (QUERY_KEYWORDS.contains(first)) {
            kind = Kind.QUERY;
        } else if (first.equals("truncate")) {
            kind = Kind.TRUNCATE;
        } else if (first.equals("vacuum") || first.equals("analyze") || first.equals("analyse")) {
            kind = Kind.MAINTENANCE;
        } else if (DDL_KEYWORDS.contains(first)) {
            kind = Kind.DDL;
        } else {
            kind = Kind.UNSUPPORTED;
        }
        return Optional.of(new DistributedStatement(kind, named.get(), sql, tokens));
    }

    /** Every name in the statement that denotes a hypertable, in order (a hypertable may appear more than once). */
    public static List<QualifiedName> hypertablesNamed(List<SqlToken> tokens, Predicate<QualifiedName> isHypertable) {
        java.util.ArrayList<QualifiedName> names = new java.util.ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            nameAt(tokens, i).filter(isHypertable).ifPresent(names::add);
        }
        return names;
    }

    /**
     * {@code sql}, an ALTER TABLE (tokenized as {@code tokens}), without the USING expressions of
     * its column type changes: the home database's foreign tables take no USING, and the chunks
     * convert their values by the type's cast.
     */
    public static String withoutTypeConversions(String sql, List<SqlToken> tokens) {
        StringBuilder text = new StringBuilder();
        int copied = 0;
        boolean changesType = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.depth() != 0) {
                continue;
            }
            if (token.kind() == SqlToken.Kind.COMMA) {
                changesType = false;
            } else if (token.isKeyword("type") && i >= 2 && !tokens.get(i - 1).isKeyword("add")) {
                changesType = true;
            } else if (changesType && token.isKeyword("using")) {
                int end = i;
                while (end + 1 < tokens.size() && !(tokens.get(end + 1).depth() == 0 && tokens.get(end + 1).kind() == SqlToken.Kind.COMMA)) {
                    end++;
                }
                text.append(sql, copied, token.start());
                copied = tokens.get(end).end();
                i = end;
                changesType = false;
            }
        }
        return text.append(sql.substring(copied)).toString();
    }

    /** {@code sql} (tokenized as {@code tokens}) with ONLY before every hypertable it names, so that it reaches no child table. */
    public static String onlyHypertables(String sql, List<SqlToken> tokens, Predicate<QualifiedName> isHypertable) {
        StringBuilder text = new StringBuilder();
        int copied = 0;
        for (int i = 1; i < tokens.size(); i++) {
            if (nameAt(tokens, i).filter(isHypertable).isEmpty()) {
                continue;
            }
            int start = tokens.get(i - 1).kind() == SqlToken.Kind.DOT ? i - 2 : i;
            if (!tokens.get(start - 1).isKeyword("only")) {
                text.append(sql, copied, tokens.get(start).start()).append("ONLY ");
                copied = tokens.get(start).start();
            }
        }
        return text.append(sql.substring(copied)).toString();
    }

    private static Optional<QualifiedName> firstHypertable(List<SqlToken> tokens, Predicate<QualifiedName> isHypertable) {
        for (int i = 0; i < tokens.size(); i++) {
            Optional<QualifiedName> name = nameAt(tokens, i).filter(isHypertable);
            if (name.isPresent()) {
                return name;
            }
        }
        return Optional.empty();
    }

    /**
     * The relation name whose last part is token {@code i}: "schema.name" or "name", but not a
     * qualifier (followed by a dot) and not a function name (followed by a parenthesis).
     */
    static Optional<QualifiedName> nameAt(List<SqlToken> tokens, int i) {
        SqlToken token = tokens.get(i);
        if (!token.isIdentifier()) {
            return Optional.empty();
        }
        if (i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlToken.Kind.DOT) {
            return Optional.empty();
        }
        if (i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlToken.Kind.OPEN && !precedesColumnList(tokens, i)) {
            return Optional.empty();
        }
        if (i >= 2 && tokens.get(i - 1).kind() == SqlToken.Kind.DOT && tokens.get(i - 2).isIdentifier()) {
            if (i >= 4 && tokens.get(i - 3).kind() == SqlToken.Kind.DOT) {
                return Optional.empty(); // a column reference schema.table.column
            }
            return Optional.of(new QualifiedName(Optional.of(tokens.get(i - 2).identifier()), token.identifier()));
        }
        if (i >= 1 && tokens.get(i - 1).kind() == SqlToken.Kind.DOT) {
            return Optional.empty();
        }
        return Optional.of(new QualifiedName(Optional.empty(), token.identifier()));
    }

    /** True when the name ending at {@code i} follows a keyword after which "name (" is a table and its columns. */
    private static boolean precedesColumnList(List<SqlToken> tokens, int i) {
        int before = i >= 2 && tokens.get(i - 1).kind() == SqlToken.Kind.DOT ? i - 3 : i - 1;
        return before >= 0 && COLUMN_LIST_KEYWORDS.contains(tokens.get(before).text().toLowerCase(Locale.ROOT));
    }

    private static boolean targetIs(List<SqlToken> tokens, int index, QualifiedName hypertable) {
        if (index >= tokens.size()) {
            return false;
        }
        int last = index + 2 < tokens.size() && tokens.get(index + 1).kind() == SqlToken.Kind.DOT ? index + 2 : index;
        return nameAt(tokens, last).filter(hypertable::equals).isPresent();
    }

    private static boolean copiesOut(List<SqlToken> tokens) {
        return tokens.stream().anyMatch(token -> token.depth() == 0 && token.isKeyword("to"));
    }

    /** CREATE [OR REPLACE] [TEMP] [MATERIALIZED] VIEW | FUNCTION | PROCEDURE | TRIGGER | RULE, or CREATE TABLE ... AS. */
    private static boolean definesOver(List<SqlToken> tokens) {
        for (int i = 1; i < Math.min(tokens.size(), 6); i++) {
            String word = tokens.get(i).text().toLowerCase(Locale.ROOT);
            if (Set.of("view", "function", "procedure", "trigger", "rule").contains(word)) {
                return true;
            }
            if (word.equals("table")) {
                return tokens.stream().anyMatch(token -> token.depth() == 0 && token.isKeyword("as"));
            }
        }
        return false;
    }

    private static boolean copyTargets(List<SqlToken> tokens, QualifiedName hypertable) {
        return targetIs(tokens, 1, hypertable) && tokens.stream().anyMatch(token -> token.isKeyword("from"));
    }

    /** The index of the token that ends the target name of INSERT/UPDATE/DELETE/COPY. */
    public int targetEnd() {
        int index = switch (kind) {
            case INSERT, DELETE -> 2;
            case UPDATE, COPY_FROM -> 1;
            default -> throw new IllegalStateException("no target in a " + kind + " statement");
        };
        if (index < tokens.size() && tokens.get(index).isKeyword("only")) {
            index++;
        }
        return index + 2 < tokens.size() && tokens.get(index + 1).kind() == SqlToken.Kind.DOT ? index + 2 : index;
    }
}
