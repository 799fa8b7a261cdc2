package io.timeshard.sql;

import io.timeshard.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A SELECT over one table, read into its clauses: the only shape the distributed planner pushes
 * down. Anything else (joins, subqueries, set operations, CTEs, window functions, locking clauses,
 * grouping sets) is not read, and such queries go to the fallback.
 */
public record SelectQuery(String sql, List<SqlToken> tokens, boolean distinct, List<Span> distinctOn, List<Item> items, Span table,
                          QualifiedName tableName, Optional<String> alias, Optional<Span> where, List<Span> groupBy,
                          Optional<Span> having, List<OrderItem> orderBy, Optional<SqlToken> limit, Optional<SqlToken> offset,
                          int limitsStart) {
    private static final Set<String> CLAUSES = Set.of("where", "group", "having", "order", "limit", "offset", "fetch");
    private static final Set<String> REFUSED_ANYWHERE = Set.of("select", "over", "values", "exists", "rollup", "cube", "grouping");
    private static final Set<String> REFUSED_AT_TOP = Set.of("union", "intersect", "except", "join", "window", "for", "into",
            "lateral", "tablesample");
    /** Words that end an expression rather than alias it ("x IS NULL", "CASE ... END"). */
    private static final Set<String> NOT_ALIASES = Set.of("null", "true", "false", "end", "asc", "desc", "is", "and", "or", "not",
            "between", "in", "like", "ilike", "similar", "else", "then", "when", "unknown", "first", "last", "from", "where", "isnull",
            "notnull", "collate", "distinct", "all", "any", "some", "symmetric", "escape", "zone", "current_timestamp", "current_date",
            "localtimestamp", "current_time", "localtime", "current_user", "session_user", "user", "precision", "varying");

    /** Tokens [from, to) of the statement. */
    public record Span(int from, int to) {
        public boolean isEmpty() {
            return from >= to;
        }
    }

    /** A select-list entry: its expression and its alias, if written. */
    public record Item(Span expression, Optional<String> alias) {}

    /** An ORDER BY entry; {@code nullsFirst} as written, or PostgreSQL's default for the direction. */
    public record OrderItem(Span expression, boolean descending, boolean nullsFirst) {}

    public SelectQuery {
        requireNonNull(sql, "sql is null");
        tokens = List.copyOf(tokens);
        distinctOn = List.copyOf(distinctOn);
        items = List.copyOf(items);
        groupBy = List.copyOf(groupBy);
        orderBy = List.copyOf(orderBy);
    }

    /** The query's clauses when it is a single-table SELECT, else empty. */
    public static Optional<SelectQuery> read(String sql) {
        List<SqlToken> tokens = new ArrayList<>(SqlTokenizer.tokenize(sql));
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Kind.SEMICOLON) {
            tokens.remove(tokens.size() - 1);
        }
        if (tokens.isEmpty() || !tokens.get(0).isKeyword("select")) {
            return Optional.empty();
        }
        for (int i = 1; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.kind() == Kind.SEMICOLON || token.kind() == Kind.WORD && (REFUSED_ANYWHERE.contains(lower(token))
                    || token.depth() == 0 && REFUSED_AT_TOP.contains(lower(token)))) {
                return Optional.empty();
            }
        }
        return new Reader(sql, tokens).read();
    }

    public String text(Span span) {
        return span.isEmpty() ? "" : sql.substring(tokens.get(span.from()).start(), tokens.get(span.to() - 1).end());
    }

    /** The name qualifying this table's columns: its alias, or its own name. */
    public String qualifier() {
        return alias.orElse(tableName.name());
    }

    private static String lower(SqlToken token) {
        return token.text().toLowerCase(Locale.ROOT);
    }

    private static final class Reader {
        private final String sql;
        private final List<SqlToken> tokens;
        private int position = 1;

        Reader(String sql, List<SqlToken> tokens) {
            this.sql = sql;
            this.tokens = tokens;
        }

        Optional<SelectQuery> read() {
            boolean distinct = false;
            List<Span> distinctOn = List.of();
            if (atWord("distinct") && isWord(position + 1, "on") && position + 2 < tokens.size()
                    && tokens.get(position + 2).kind() == Kind.OPEN) {
                int close = FunctionCalls.closing(tokens, position + 2);
                distinctOn = split(position + 3, close);
                position = close + 1;
            } else if (atWord("distinct")) {
                distinct = true;
                position++;
            } else if (atWord("all")) {
                position++;
            }
            int itemsStart = position;
            int from = nextTopLevel(Set.of("from"));
            while (from < tokens.size() && tokens.get(from - 1).isKeyword("distinct")) {
                position = from + 1; // IS [NOT] DISTINCT FROM
                from = nextTopLevel(Set.of("from"));
            }
            position = itemsStart;
            if (from >= tokens.size() || from == position) {
                return Optional.empty();
            }
            List<Item> items = new ArrayList<>();
            for (Span span : split(position, from)) {
                items.add(item(span));
            }
            position = from + 1;
            Optional<Span> table = tableReference();
            if (table.isEmpty()) {
                return Optional.empty();
            }
            QualifiedName name = DistributedStatement.nameAt(tokens, table.get().to() - 1).orElse(null);
            if (name == null) {
                return Optional.empty();
            }
            Optional<String> alias = alias();
            Optional<Span> where = clause("where");
            Optional<List<Span>> groupBy = byList("group", CLAUSES);
            if (groupBy.isEmpty()) {
                return Optional.empty();
            }
            Optional<Span> having = clause("having");
            Optional<List<Span>> orderSpans = byList("order", Set.of("limit", "offset", "fetch"));
            if (orderSpans.isEmpty()) {
                return Optional.empty();
            }
            List<OrderItem> orderBy = new ArrayList<>();
            for (Span span : orderSpans.get()) {
                Optional<OrderItem> item = orderItem(span);
                if (item.isEmpty()) {
                    return Optional.empty();
                }
                orderBy.add(item.get());
            }
            int limitsStart = position;
            Optional<SqlToken> limit = Optional.empty();
            Optional<SqlToken> offset = Optional.empty();
            for (int round = 0; round < 2 && position < tokens.size(); round++) {
                if (atWord("limit") && limit.isEmpty()) {
                    limit = count(position + 1);
                    if (limit.isEmpty()) {
                        return Optional.empty();
                    }
                    position += 2;
                } else if (atWord("fetch") && limit.isEmpty()) {
                    // FETCH {FIRST | NEXT} n {ROW | ROWS} ONLY
                    limit = count(position + 2);
                    if (limit.isEmpty() || !isWord(position + 4, "only")) {
                        return Optional.empty();
                    }
                    position += 5;
                } else if (atWord("offset") && offset.isEmpty()) {
                    offset = count(position + 1);
                    if (offset.isEmpty()) {
                        return Optional.empty();
                    }
                    position += 2;
                    if (atWord("row") || atWord("rows")) {
                        position++;
                    }
                }
            }
            if (position != tokens.size()) {
                return Optional.empty();
            }
            return Optional.of(new SelectQuery(sql, tokens, distinct, distinctOn, items, table.get(), name, alias, where, groupBy.get(),
                    having, orderBy, limit, offset, limitsStart));
        }

        private Optional<Span> tableReference() {
            int start = position;
            if (!isIdentifier(position)) {
                return Optional.empty();
            }
            position++;
            if (position + 1 < tokens.size() && tokens.get(position).kind() == Kind.DOT && isIdentifier(position + 1)) {
                position += 2;
            }
            return Optional.of(new Span(start, position));
        }

        private Optional<String> alias() {
            if (atWord("as")) {
                position++;
                if (!isIdentifier(position)) {
                    return Optional.empty();
                }
                return Optional.of(tokens.get(position++).identifier());
            }
            if (isIdentifier(position) && !CLAUSES.contains(lower(tokens.get(position)))) {
                return Optional.of(tokens.get(position++).identifier());
            }
            return Optional.empty();
        }

        /**
         * The entries of "{@code keyword} BY a, b" up to one of {@code ends}: none when the clause is
         * absent, empty when {@code keyword} is not followed by BY.
         */
        private Optional<List<Span>> byList(String keyword, Set<String> ends) {
            if (!atWord(keyword)) {
                return Optional.of(List.of());
            }
            if (!isWord(position + 1, "by")) {
                return Optional.empty();
            }
            position += 2;
            int end = nextTopLevel(ends);
            List<Span> entries = split(position, end);
            position = end;
            return Optional.of(entries);
        }

        private Optional<Span> clause(String keyword) {
            if (!atWord(keyword)) {
                return Optional.empty();
            }
            int start = ++position;
            position = nextTopLevel(CLAUSES);
            return Optional.of(new Span(start, position));
        }

        /** A LIMIT or OFFSET value: a number, a parameter, or ALL / NULL (no limit). */
        private Optional<SqlToken> count(int index) {
            if (index >= tokens.size()) {
                return Optional.empty();
            }
            SqlToken token = tokens.get(index);
            boolean readable = token.kind() == Kind.NUMBER && token.text().chars().allMatch(Character::isDigit)
                    || token.kind() == Kind.PARAMETER || token.isKeyword("all") || token.isKeyword("null");
            return readable ? Optional.of(token) : Optional.empty();
        }

        private Item item(Span span) {
            int last = span.to() - 1;
            if (span.to() - span.from() >= 3 && tokens.get(last - 1).isKeyword("as")) {
                return new Item(new Span(span.from(), last - 1), Optional.of(tokens.get(last).identifier()));
            }
            if (span.to() - span.from() >= 2 && isIdentifier(last) && !NOT_ALIASES.contains(lower(tokens.get(last)))) {
                SqlToken previous = tokens.get(last - 1);
                boolean ends = switch (previous.kind()) {
                    case WORD -> !NOT_ALIASES.contains(lower(previous)) && !Set.of("interval", "timestamp", "timestamptz", "date", "time")
                            .contains(lower(previous));
                    case QUOTED_IDENTIFIER, STRING, NUMBER, CLOSE, PARAMETER -> true;
                    default -> false;
                };
                if (ends) {
                    return new Item(new Span(span.from(), last), Optional.of(tokens.get(last).identifier()));
                }
            }
            return new Item(span, Optional.empty());
        }

        private Optional<OrderItem> orderItem(Span span) {
            int end = span.to();
            boolean nullsWritten = false;
            boolean nullsFirst = false;
            if (end - span.from() >= 3 && tokens.get(end - 2).isKeyword("nulls")) {
                nullsWritten = true;
                nullsFirst = tokens.get(end - 1).isKeyword("first");
                end -= 2;
            }
            boolean descending = false;
            if (end - span.from() >= 2 && (tokens.get(end - 1).isKeyword("desc") || tokens.get(end - 1).isKeyword("asc"))) {
                descending = tokens.get(end - 1).isKeyword("desc");
                end--;
            }
            for (int i = span.from(); i < end; i++) {
                if (tokens.get(i).isKeyword("using") && tokens.get(i).depth() == 0) {
                    return Optional.empty();
                }
            }
            if (end <= span.from()) {
                return Optional.empty();
            }
            return Optional.of(new OrderItem(new Span(span.from(), end), descending, nullsWritten ? nullsFirst : descending));
        }

        /** The index of the next depth-0 token among {@code keywords} from the current position, or the end. */
        private int nextTopLevel(Set<String> keywords) {
            for (int i = position; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                if (token.depth() == 0 && token.kind() == Kind.WORD && keywords.contains(lower(token))) {
                    return i;
                }
            }
            return tokens.size();
        }

        /** The comma-separated parts of tokens [from, to) at depth 0. */
        private List<Span> split(int from, int to) {
            List<Span> parts = new ArrayList<>();
            int start = from;
            for (int i = from; i < to; i++) {
                if (tokens.get(i).kind() == Kind.COMMA && tokens.get(i).depth() == 0) {
                    parts.add(new Span(start, i));
                    start = i + 1;
                }
            }
            parts.add(new Span(start, to));
            return parts;
        }

        private boolean atWord(String keyword) {
            return isWord(position, keyword);
        }

        private boolean isWord(int index, String keyword) {
            return index < tokens.size() && tokens.get(index).isKeyword(keyword) && tokens.get(index).depth() == 0;
        }

        private boolean isIdentifier(int index) {
            return index < tokens.size() && tokens.get(index).isIdentifier();
        }
    }
}
