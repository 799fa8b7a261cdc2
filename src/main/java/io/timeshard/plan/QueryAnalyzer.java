package io.timeshard.plan;

import io.timeshard.catalog.Hypertable;
import io.timeshard.exec.SortKey;
import io.timeshard.plan.HomeCatalog.Column;
import io.timeshard.plan.HomeCatalog.Description;
import io.timeshard.plan.HomeCatalog.FunctionKind;
import io.timeshard.plan.QueryShape.TimeConstant;
import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.RowRelations;
import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.Item;
import io.timeshard.sql.SelectQuery.OrderItem;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads a single-table query on a hypertable into its {@link QueryShape}, asking the home database what it must. */
public final class QueryAnalyzer {
    private static final Set<String> NOW_FUNCTIONS = Set.of("now", "transaction_timestamp");
    /** Types whose text the access node compares as PostgreSQL orders them. */
    private static final Set<Integer> MERGEABLE = Set.of(16, 20, 21, 23, 26, 700, 701, 1700, 1082, 1114, 1184, 2950);
    private static final Set<Integer> TEXT_TYPES = Set.of(25, 1043, 19);

    private final SelectQuery query;
    private final Hypertable hypertable;
    private final HomeCatalog home;
    private final List<SqlToken> tokens;

    private QueryAnalyzer(SelectQuery query, Hypertable hypertable, HomeCatalog home) {
        this.query = query;
        this.hypertable = hypertable;
        this.home = home;
        this.tokens = query.tokens();
    }

    /** The shape of {@code query}; PostgreSQL's error when the query is invalid. */
    public static QueryShape analyze(SelectQuery query, Hypertable hypertable, HomeCatalog home, List<Integer> parameterTypes) {
        return new QueryAnalyzer(query, hypertable, home).analyze(parameterTypes);
    }

    private QueryShape analyze(List<Integer> parameterTypes) {
        Description description = home.describe(query.sql(), parameterTypes);
        List<String> parameterTypeNames = description.parameterTypes().stream().map(oid -> home.typeName(oid, -1)).toList();
        List<TimeConstant> constants = new ArrayList<>();
        List<AggregateCall> aggregates = new ArrayList<>();
        Optional<String> localReason = readFunctions(constants, aggregates).or(this::groupingOrRowValues);
        boolean aggregated = !aggregates.isEmpty() || !query.groupBy().isEmpty() || query.having().isPresent() || query.distinct()
                || !query.distinctOn().isEmpty();
        boolean stars = query.items().stream().anyMatch(item -> isStar(item.expression()));
        if (localReason.isEmpty() && aggregated && stars) {
            localReason = Optional.of("* in an aggregate or DISTINCT query");
        }
        List<Span> keys = localReason.isPresent() ? List.of() : keys();
        boolean bySpace = hypertable.space().map(space -> keys.stream().anyMatch(key -> isColumn(key, space.column()))).orElse(false);
        boolean byTime = keys.stream().anyMatch(key -> isColumn(key, hypertable.time().column()));
        QueryShape shape = new QueryShape(query, description, parameterTypeNames, localReason, constants, aggregated, keys, bySpace, byTime,
                aggregates, List.of(), Optional.empty(), List.of(), List.of(), List.of(), false);
        if (localReason.isPresent()) {
            return shape;
        }
        if (aggregated && query.distinctOn().isEmpty() && aggregates.stream().allMatch(AggregateCall::combinable) && !nested(aggregates)) {
            shape = withPartial(shape, argumentTypes(aggregates, description.parameterTypes()), description.parameterTypes());
        }
        return withSorting(shape, description.parameterTypes(), stars);
    }

    /**
     * GROUP BY ALL or DISTINCT and empty grouping sets, which the partial queries do not spell; and
     * whole-row references and row constructors, whose rows a data node would give the chunk's row
     * type rather than the root table's.
     */
    private Optional<String> groupingOrRowValues() {
        List<Span> groupBy = query.groupBy();
        if (!groupBy.isEmpty() && (tokens.get(groupBy.get(0).from()).isKeyword("all") || tokens.get(groupBy.get(0).from()).isKeyword("distinct"))) {
            return Optional.of("GROUP BY " + tokens.get(groupBy.get(0).from()).text().toUpperCase(Locale.ROOT));
        }
        if (groupBy.stream().anyMatch(span -> span.to() - span.from() == 2 && tokens.get(span.from()).kind() == SqlToken.Kind.OPEN)) {
            return Optional.of("an empty grouping set");
        }
        Span table = query.table();
        int afterAlias = query.alias().isEmpty() ? table.to() : table.to() + (tokens.get(table.to()).isKeyword("as") ? 2 : 1);
        for (int i = 0; i < tokens.size(); i++) {
            if (i >= table.from() && i < afterAlias) {
                continue;
            }
            SqlToken token = tokens.get(i);
            boolean calls = i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlToken.Kind.OPEN;
            if (token.isKeyword("row") && calls) {
                return Optional.of("a row constructor");
            }
            boolean qualifies = i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlToken.Kind.DOT;
            boolean qualified = i > 0 && tokens.get(i - 1).kind() == SqlToken.Kind.DOT;
            if (token.isIdentifier() && !qualifies && !qualified && !calls && token.identifier().equals(query.qualifier())) {
                return Optional.of("a whole-row reference");
            }
        }
        return Optional.empty();
    }

    private Optional<String> readFunctions(List<TimeConstant> constants, List<AggregateCall> aggregates) {
        for (FunctionCalls.Call call : FunctionCalls.in(tokens)) {
            boolean ownSchema = call.schema().isEmpty() || call.schema().get().equals("pg_catalog")
                    || call.schema().get().equals("public") && call.name().equals("time_bucket");
            if (!ownSchema) {
                return Optional.of("function " + call.schema().get() + "." + call.name() + "() runs on the access node");
            }
            if (NOW_FUNCTIONS.contains(call.name()) && call.close() == call.open() + 1) {
                constants.add(new TimeConstant(call.schema().isPresent() ? call.nameIndex() - 2 : call.nameIndex(), call.close() + 1,
                        "timestamptz"));
                continue;
            }
            FunctionKind kind = home.function(call.name());
            if (kind == FunctionKind.LOCAL_ONLY) {
                return Optional.of("function " + call.name() + "() runs on the access node");
            }
            if (kind == FunctionKind.AGGREGATE) {
                aggregates.add(AggregateCall.of(call, tokens));
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (!FunctionCalls.isValueFunction(token) || i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlToken.Kind.OPEN) {
                continue;
            }
            switch (token.text().toLowerCase(Locale.ROOT)) {
                case "current_timestamp" -> constants.add(new TimeConstant(i, i + 1, "timestamptz"));
                case "current_date" -> constants.add(new TimeConstant(i, i + 1, "date"));
                case "localtimestamp" -> constants.add(new TimeConstant(i, i + 1, "timestamp"));
                default -> {
                    return Optional.of(token.text() + " runs on the access node");
                }
            }
        }
        return Optional.empty();
    }

    /** The group keys: GROUP BY's expressions (ordinals and output names resolved), or the select list of a DISTINCT. */
    private List<Span> keys() {
        if (!query.distinctOn().isEmpty()) {
            return query.distinctOn(); // DISTINCT ON keeps one row per key: only whole groups on one node push down
        }
        if (query.groupBy().isEmpty()) {
            return query.distinct() ? query.items().stream().map(Item::expression).toList() : List.of();
        }
        List<Span> keys = new ArrayList<>();
        for (Span span : query.groupBy()) {
            keys.add(outputExpression(span).orElse(span));
        }
        return keys;
    }

    /** For a GROUP BY entry that is an ordinal or an output name (not a column), the select-list expression it means. */
    private Optional<Span> outputExpression(Span span) {
        if (span.to() - span.from() != 1) {
            return Optional.empty();
        }
        SqlToken token = tokens.get(span.from());
        if (token.kind() == SqlToken.Kind.NUMBER) {
            int ordinal = Integer.parseInt(token.text());
            return ordinal >= 1 && ordinal <= query.items().size() ? Optional.of(query.items().get(ordinal - 1).expression()) : Optional.empty();
        }
        if (!token.isIdentifier() || hypertable.time().column().equals(token.identifier())
                || hypertable.space().filter(space -> space.column().equals(token.identifier())).isPresent()) {
            return Optional.empty();
        }
        return query.items().stream().filter(item -> item.alias().filter(token.identifier()::equals).isPresent())
                .map(Item::expression).findFirst();
    }

    private static boolean nested(List<AggregateCall> aggregates) {
        for (AggregateCall outer : aggregates) {
            for (AggregateCall inner : aggregates) {
                if (inner != outer && inner.start() >= outer.start() && inner.end() <= outer.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Integer> argumentTypes(List<AggregateCall> aggregates, List<Integer> parameterTypes) {
        List<String> arguments = aggregates.stream().filter(call -> !call.star()).map(call -> "(" + query.text(call.argument()) + ")").toList();
        if (arguments.isEmpty()) {
            return aggregates.stream().map(call -> 0).toList();
        }
        Description probe = home.describe("SELECT " + String.join(", ", arguments) + " FROM " + query.text(fromSpan(query)),
                parameterTypes);
        List<Integer> types = new ArrayList<>();
        int next = 0;
        for (AggregateCall call : aggregates) {
            types.add(call.star() ? 0 : probe.columns().get(next++).typeOid());
        }
        return types;
    }

    /** The shape with partial aggregation, when every aggregate splits and the combined query types exactly as the original. */
    private QueryShape withPartial(QueryShape shape, List<Integer> argumentTypes, List<Integer> parameterTypes) {
        for (int i = 0; i < shape.aggregates().size(); i++) {
            AggregateCall call = shape.aggregates().get(i);
            if (PartialAggregate.of(call.name(), call.star() ? "*" : "x", argumentTypes.get(i)).isEmpty()) {
                return shape;
            }
        }
        QueryShape typed = shape.withPartial(argumentTypes, Optional.of(List.of()));
        Description partial = home.describe(RemoteQueries.partialNodeQuery(typed, new SqlRenderer(query), query.text(fromSpan(query))),
                parameterTypes);
        List<String> partialTypes = partial.columns().stream().map(column -> home.typeName(column.typeOid(), column.typmod())).toList();
        typed = shape.withPartial(argumentTypes, Optional.of(partialTypes));
        Description combined = home.describe(RemoteQueries.partialFinalQuery(typed).replace(RemoteQueries.ROWS,
                RowRelations.empty(RemoteQueries.partialColumnNames(typed), partialTypes)), parameterTypes);
        return sameTypes(combined.columns(), shape.outputColumns()) ? typed : shape;
    }

    private static boolean sameTypes(List<Column> a, List<Column> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).typeOid() != b.get(i).typeOid() || !a.get(i).name().equals(b.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** ORDER BY read as columns of the nodes' rows: output columns, or hidden ones added for expressions not in the output. */
    private QueryShape withSorting(QueryShape shape, List<Integer> parameterTypes, boolean stars) {
        List<Column> outputs = shape.outputColumns();
        List<Span> hidden = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (OrderItem item : query.orderBy()) {
            Optional<Integer> position = outputPosition(item.expression(), outputs, stars);
            if (position.isPresent()) {
                positions.add(position.get());
            } else {
                positions.add(outputs.size() + hidden.size());
                hidden.add(item.expression());
            }
        }
        List<Column> nodeColumns = outputs;
        if (!hidden.isEmpty()) {
            if (query.distinct()) {
                // PostgreSQL matches such ORDER BY entries to the DISTINCT list by meaning, not by text.
                return shape.localOnly("ORDER BY of a DISTINCT query not read as its output");
            }
            nodeColumns = home.describe(RemoteQueries.withHiddenColumns(query, new SqlRenderer(query), hidden), parameterTypes).columns();
        }
        List<SortKey> sortKeys = new ArrayList<>();
        boolean mergeable = true;
        for (int i = 0; i < positions.size(); i++) {
            OrderItem item = query.orderBy().get(i);
            int type = nodeColumns.get(positions.get(i)).typeOid();
            sortKeys.add(new SortKey(positions.get(i), item.descending(), item.nullsFirst(), type, query.text(item.expression())));
            boolean collated = tokensIn(item.expression()).stream().anyMatch(token -> token.isKeyword("collate"));
            mergeable &= !collated && (MERGEABLE.contains(type) || TEXT_TYPES.contains(type) && home.textSortsByBytes());
        }
        List<String> nodeTypes = nodeColumns.stream().map(column -> home.typeName(column.typeOid(), column.typmod())).toList();
        return shape.withSorting(sortKeys, hidden, nodeTypes, mergeable);
    }

    private Optional<Integer> outputPosition(Span expression, List<Column> outputs, boolean stars) {
        List<SqlToken> written = tokensIn(expression);
        if (written.size() == 1 && written.get(0).kind() == SqlToken.Kind.NUMBER) {
            int ordinal = Integer.parseInt(written.get(0).text());
            return ordinal >= 1 && ordinal <= outputs.size() ? Optional.of(ordinal - 1) : Optional.empty();
        }
        if (written.size() == 1 && written.get(0).isIdentifier()) {
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i).name().equals(written.get(0).identifier())) {
                    return Optional.of(i);
                }
            }
        }
        if (!stars) {
            List<String> wanted = TokenText.normalized(query, expression);
            for (int i = 0; i < query.items().size(); i++) {
                if (TokenText.normalized(query, query.items().get(i).expression()).equals(wanted)) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }

    private boolean isColumn(Span span, String column) {
        return TokenText.normalized(query, span).equals(List.of(column));
    }

    private boolean isStar(Span span) {
        return tokens.get(span.to() - 1).text().equals("*") && (span.to() - span.from() == 1 || tokens.get(span.to() - 2).kind()
                == SqlToken.Kind.DOT);
    }

    private List<SqlToken> tokensIn(Span span) {
        return tokens.subList(span.from(), span.to());
    }

    /** The table reference with its alias, as written. */
    static Span fromSpan(SelectQuery query) {
        int end = query.table().to();
        if (query.alias().isPresent()) {
            end += query.tokens().get(end).isKeyword("as") ? 2 : 1;
        }
        return new Span(query.table().from(), end);
    }
}
