package io.timeshard.plan;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.exec.SortKey;
import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.OrderItem;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The SQL text of a distributed query's parts: what each data node runs, and what the home database runs over their rows. */
public final class RemoteQueries {
    /** Where the rows from the data nodes go in a query the home database finishes. */
    public static final String ROWS = "/*timeshard:rows*/";

    private RemoteQueries() {}

    /** The chunks as one relation under the table's own qualifier: a chunk table, or a UNION ALL PostgreSQL flattens. */
    static String chunkSource(SelectQuery query, List<Chunk> chunks, List<String> columns) {
        String alias = query.alias().isPresent() ? "" : " AS " + SqlText.identifier(query.tableName().name());
        if (chunks.size() == 1) {
            return ChunkTables.qualified(chunks.get(0)) + alias;
        }
        String list = columns.stream().map(SqlText::identifier).collect(Collectors.joining(", "));
        return chunks.stream().map(chunk -> "SELECT " + list + " FROM " + ChunkTables.qualified(chunk))
                .collect(Collectors.joining(" UNION ALL ", "(", ")")) + alias;
    }

    /** Group keys as g1.., then every aggregate's partial states as s1.., grouped on the node. */
    static String partialNodeQuery(QueryShape shape, SqlRenderer renderer, String from) {
        SelectQuery query = shape.query();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < shape.keys().size(); i++) {
            columns.add(renderer.render(shape.keys().get(i)) + " AS g" + (i + 1));
        }
        int state = 0;
        for (int i = 0; i < shape.aggregates().size(); i++) {
            AggregateCall call = shape.aggregates().get(i);
            String argument = call.star() ? "*" : renderer.render(call.argument());
            for (String expression : PartialAggregate.of(call.name(), argument, shape.argumentTypes().get(i)).orElseThrow().states()) {
                columns.add(expression + " AS s" + (++state));
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", columns)).append(" FROM ").append(from);
        query.where().ifPresent(where -> sql.append(" WHERE ").append(renderer.render(where)));
        if (!shape.keys().isEmpty()) {
            sql.append(" GROUP BY ");
            for (int i = 1; i <= shape.keys().size(); i++) {
                sql.append(i == 1 ? "" : ", ").append(i);
            }
        }
        return sql.toString();
    }

    static List<String> partialColumnNames(QueryShape shape) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= shape.keys().size(); i++) {
            names.add("g" + i);
        }
        int states = shape.partialTypes().map(List::size).orElse(0) - shape.keys().size();
        for (int i = 1; i <= states; i++) {
            names.add("s" + i);
        }
        return names;
    }

    /** The query over the nodes' partial rows ({@link #ROWS}): keys read from g.., aggregates combined from s... */
    static String partialFinalQuery(QueryShape shape) {
        SelectQuery query = shape.query();
        SqlRenderer renderer = new SqlRenderer(query);
        int state = 0;
        for (int i = 0; i < shape.aggregates().size(); i++) {
            AggregateCall call = shape.aggregates().get(i);
            PartialAggregate split = PartialAggregate.of(call.name(), "x", shape.argumentTypes().get(i)).orElseThrow();
            String combine = split.combine();
            for (int j = 0; j < split.states().size(); j++) {
                combine = combine.replace("{" + j + "}", "s" + (++state));
            }
            renderer.replace(call.start(), call.end(), combine);
        }
        List<Span> spans = new ArrayList<>(query.items().stream().map(SelectQuery.Item::expression).toList());
        query.having().ifPresent(spans::add);
        query.orderBy().forEach(item -> spans.add(item.expression()));
        replaceKeys(shape, renderer, spans);
        StringBuilder sql = new StringBuilder("SELECT ").append(query.distinct() ? "DISTINCT " : "");
        for (int i = 0; i < query.items().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(renderer.render(query.items().get(i).expression())).append(" AS ")
                    .append(SqlText.identifier(shape.outputColumns().get(i).name()));
        }
        sql.append(" FROM ").append(ROWS).append(" AS _timeshard_partial");
        if (!query.groupBy().isEmpty()) {
            sql.append(" GROUP BY ");
            for (int i = 1; i <= shape.keys().size(); i++) {
                sql.append(i == 1 ? "" : ", ").append("g").append(i);
            }
        }
        query.having().ifPresent(having -> sql.append(" HAVING ").append(renderer.render(having)));
        appendOrderBy(sql, query, item -> renderer.render(item.expression()));
        appendLimits(sql, query);
        return sql.toString();
    }

    private static void replaceKeys(QueryShape shape, SqlRenderer renderer, List<Span> spans) {
        SelectQuery query = shape.query();
        List<Integer> byLength = new ArrayList<>();
        for (int i = 0; i < shape.keys().size(); i++) {
            byLength.add(i);
        }
        byLength.sort(Comparator.comparingInt((Integer i) -> shape.keys().get(i).to() - shape.keys().get(i).from()).reversed());
        for (Span span : spans) {
            for (int position = span.from(); position < span.to(); position++) {
                if (renderer.replaced(position)) {
                    continue;
                }
                for (int key : byLength) {
                    int end = TokenText.matchAt(query, position, span.to(), TokenText.normalized(query, shape.keys().get(key)));
                    if (end > 0 && !continuesName(query, position, end)) {
                        renderer.replace(position, end, "g" + (key + 1));
                        position = end - 1;
                        break;
                    }
                }
            }
        }
    }

    /** True when a match is only part of a longer name ("x.location", or "location" followed by "(" or "."). */
    private static boolean continuesName(SelectQuery query, int start, int end) {
        List<SqlToken> tokens = query.tokens();
        boolean before = start > 0 && tokens.get(start - 1).kind() == SqlToken.Kind.DOT;
        boolean after = end < tokens.size() && (tokens.get(end).kind() == SqlToken.Kind.DOT
                || tokens.get(end).kind() == SqlToken.Kind.OPEN && tokens.get(end - 1).isIdentifier());
        return before || after;
    }

    /** The whole query with hidden sort columns added to its select list. */
    static String withHiddenColumns(SelectQuery query, SqlRenderer renderer, List<Span> hidden) {
        return withHiddenColumns(query, renderer, hidden, query.tokens().size());
    }

    /** The same up to token {@code end}. */
    private static String withHiddenColumns(SelectQuery query, SqlRenderer renderer, List<Span> hidden, int end) {
        int from = query.table().from() - 1;
        StringBuilder sql = new StringBuilder(renderer.render(new Span(0, from)));
        for (int i = 0; i < hidden.size(); i++) {
            sql.append(", ").append(renderer.render(hidden.get(i))).append(" AS _timeshard_sort").append(i + 1);
        }
        return sql.append(' ').append(renderer.render(new Span(from, end))).toString();
    }

    /**
     * A node's part of a fully pushed-down query over several nodes: the whole query with hidden
     * sort columns, and LIMIT raised by OFFSET (the access node skips the offset after merging).
     */
    static String fullNodeQuery(QueryShape shape, SqlRenderer renderer, OptionalLong nodeLimit) {
        SelectQuery query = shape.query();
        String sql = withHiddenColumns(query, renderer, shape.hiddenSorts(), query.limitsStart());
        return nodeLimit.isPresent() ? sql + " LIMIT " + nodeLimit.getAsLong() : sql;
    }

    /** The query over the nodes' rows ({@link #ROWS}, columns c1..) that sorts them, when the access node cannot merge them. */
    static String orderedFinalQuery(QueryShape shape) {
        SelectQuery query = shape.query();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < shape.outputColumns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("c").append(i + 1).append(" AS ").append(SqlText.identifier(shape.outputColumns().get(i).name()));
        }
        sql.append(" FROM ").append(ROWS).append(" AS _timeshard_rows");
        List<SortKey> keys = shape.sortKeys();
        appendOrderBy(sql, query, item -> "c" + (keys.get(query.orderBy().indexOf(item)).column() + 1) + collation(query, item));
        appendLimits(sql, query);
        return sql.toString();
    }

    /** " COLLATE name" when the ORDER BY entry ends with one, so that the home database sorts as asked. */
    private static String collation(SelectQuery query, OrderItem item) {
        List<SqlToken> tokens = query.tokens();
        int last = item.expression().to() - 1;
        return last - 1 >= item.expression().from() && tokens.get(last - 1).isKeyword("collate")
                ? " COLLATE " + tokens.get(last).text() : "";
    }

    static List<String> rowColumnNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("c" + i);
        }
        return names;
    }

    private static void appendOrderBy(StringBuilder sql, SelectQuery query, Function<OrderItem, String> expression) {
        for (int i = 0; i < query.orderBy().size(); i++) {
            OrderItem item = query.orderBy().get(i);
            sql.append(i == 0 ? " ORDER BY " : ", ").append(expression.apply(item)).append(item.descending() ? " DESC" : " ASC")
                    .append(item.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    private static void appendLimits(StringBuilder sql, SelectQuery query) {
        query.limit().ifPresent(limit -> sql.append(" LIMIT ").append(limit.text()));
        query.offset().ifPresent(offset -> sql.append(" OFFSET ").append(offset.text()));
    }
}
