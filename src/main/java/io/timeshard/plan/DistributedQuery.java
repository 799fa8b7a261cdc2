package io.timeshard.plan;

import io.timeshard.cluster.ForeignChunks;
import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.error.TimeshardException;
import io.timeshard.exec.FinalRows;
import io.timeshard.exec.NodeCursor;
import io.timeshard.exec.RowSource;
import io.timeshard.home.BoundStatement;
import io.timeshard.home.HomeConnection;
import io.timeshard.home.StatementScope;
import io.timeshard.plan.DistributedPlan.FinalQuery;
import io.timeshard.plan.DistributedPlan.NodeScan;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ColumnDescription;
import io.timeshard.protocol.PayloadReader;
import io.timeshard.protocol.PgMessage;
import io.timeshard.protocol.PgType;
import io.timeshard.protocol.ResultRows;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.DimensionPredicate;
import io.timeshard.sql.ExplainStatement;
import io.timeshard.sql.FunctionCalls;
import io.timeshard.sql.JdbcPlaceholders;
import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.SqlTokenizer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A query on a distributed hypertable: planned by {@link PushDownPlanner}, run as one remote query
 * per data node in parallel, and answered by streaming (appending or merging) the nodes' rows, or
 * by a final query at home over them; EXPLAIN prints the plan. Queries the planner cannot push
 * down go to {@link HypertableQuery}.
 */
final class DistributedQuery {
    private static final int FEW_ROWS = 10_000;
    /**
     * Key types whose values are equal exactly when they print alike, so that rows can be told to a
     * key by their text (not numeric: 1.0 = 1.00; not citext).
     */
    private static final Set<String> TEXTUAL_EQUALITY = Set.of("smallint", "integer", "bigint", "text", "character varying",
            "uuid");
    /** Beyond this LIMIT, the latest rows per key are read without one (see {@link #runWithLatestPerKey}). */
    private static final long LATEST_ROWS_LIMITED = 100_000;
    /** Words of statements that may write, which can fire user triggers. */
    private static final List<String> WRITES = List.of("insert", "update", "delete", "merge", "call");
    /** A quick look for what {@link SubqueryValues} may evaluate, before tokenizing. */
    private static final java.util.regex.Pattern SUBQUERY = java.util.regex.Pattern.compile("(?i)\\bin\\s*\\(\\s*select\\b");
    /** A read runs at most this often when nodes are lost: once, and once per replica a chunk may have besides. */
    private static final int READ_ATTEMPTS = 3;
    private static final java.time.Duration RECHECK_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final StatementScope scope;
    private final HomeFacts facts;
    private final QueryCache cache;
    private final StandaloneConnections standalone;
    /** The query's LIMIT and OFFSET with parameters read, once {@link #plan} has run. */
    private OptionalLong limit = OptionalLong.empty();
    private long offset;

    private DistributedQuery(StatementScope scope, HomeFacts facts, QueryCache cache, StandaloneConnections standalone) {
        this.scope = scope;
        this.facts = facts;
        this.cache = cache;
        this.standalone = standalone;
    }

    static void run(StatementScope scope, HomeFacts facts, QueryCache cache, StandaloneConnections standalone) {
        new DistributedQuery(scope, facts, cache, standalone).run();
    }

    private void run() {
        String sql = scope.statement().sql();
        Optional<ExplainStatement> explain = ExplainStatement.read(sql);
        String written = explain.map(ExplainStatement::query).orElse(sql);
        Optional<SubqueryValues.Rewritten> evaluated = SUBQUERY.matcher(written).find() && scope.settings().nodesPrintAlike()
                ? SubqueryValues.rewrite(written, scope, facts) : Optional.empty();
        String text = evaluated.map(SubqueryValues.Rewritten::sql).orElse(written);
        List<Integer> parameterTypes = scope.request().parameterTypes();
        long generation = scope.services().registry().generation();
        Optional<QueryCache.Analysed> analysed = cache.find(text, parameterTypes, generation);
        if (analysed.isEmpty()) {
            analysed = singleTableQuery(text).map(query -> cache.get(text, parameterTypes, generation, () -> analyse(query)));
        }
        if (analysed.isEmpty() && (runWithPushedSubquery(text, explain) || runWithLatestPerKey(text, explain))) {
            return;
        }
        // The home database checks the privileges of what it runs as written; what the access node runs for the client, the probe.
        Runnable privileges = () -> scope.requirePrivileges(this::columns);
        if (analysed.isEmpty()) {
            if (explain.isPresent()) {
                Hypertable hypertable = scope.hypertable();
                explainFallback(PushDownPlanner.fallback("not a single-table SELECT", hypertable,
                        scope.services().chunks().chunks(hypertable.id()), columns()), explain.get().verbose(), privileges);
            } else {
                HypertableQuery.run(scope, privileges);
            }
            return;
        }
        DistributedPlan plan = plan(analysed.get());
        if (explain.isEmpty() && plan.strategy() != Strategy.FALLBACK && !plan.scans().isEmpty()) {
            executeRetrying(plan, analysed.get());
            return;
        }
        if (explain.isEmpty()) {
            runAtHome(plan, analysed.get(), text, privileges);
        } else if (plan.strategy() == Strategy.FALLBACK) {
            explainFallback(plan, explain.get().verbose(), privileges);
        } else {
            privileges.run();
            List<PlanExplainer.NodeRun> runs = explain.get().analyze() && !plan.scans().isEmpty() ? measure(plan) : List.of();
            List<String> lines = new ArrayList<>(PlanExplainer.lines(plan, explain.get().verbose(), runs));
            evaluated.ifPresent(rewritten -> rewritten.subqueries().forEach(subquery -> lines.add(1,
                    "  Evaluated Subquery: (" + subquery.subquery() + ") = " + subquery.shown())));
            sendPlan(lines);
        }
    }

    private QueryCache.Analysed analyse(SelectQuery query) {
        ClientHomeCatalog catalog = new ClientHomeCatalog(scope.home(), facts, cache.descriptions(scope.services().registry().generation()));
        QueryShape shape = QueryAnalyzer.analyze(query, scope.hypertable(), catalog, scope.request().parameterTypes());
        Optional<List<DimensionPredicate>> predicates = shape.constants().isEmpty() ? Optional.of(predicates(shape, Map.of()))
                : Optional.empty();
        return new QueryCache.Analysed(shape, catalog.firstRowDescription(), columns(), predicates, new PlanMemo());
    }

    private DistributedPlan plan(QueryCache.Analysed analysed) {
        if (!scope.settings().nodesPrintAlike()) {
            return PushDownPlanner.fallback("the session prints values otherwise than data nodes (DateStyle, extra_float_digits,"
                    + " bytea_output, client_encoding)", scope.hypertable(), scope.services().chunks().chunks(scope.hypertable().id()),
                    analysed.columns());
        }
        QueryShape shape = analysed.shape();
        SelectQuery query = shape.query();
        Map<String, String> now = now(shape);
        List<DimensionPredicate> predicates = analysed.predicates().orElseGet(() -> predicates(shape, now));
        List<Chunk> chunks = scope.services().chunks().chunks(scope.hypertable().id());
        if (!predicates.isEmpty()) {
            chunks = scope.chunkExclusion().matching(chunks, predicates);
        }
        scope.services().routing().requireReadable(chunks);
        limit = count(query.limit());
        offset = count(query.offset()).orElse(0);
        Optional<String> space = scope.hypertable().space().map(Hypertable.SpaceDimension::column);
        boolean spaceValuesNamed = predicates.stream().anyMatch(predicate -> predicate.operator().equals("=")
                && space.filter(predicate.column()::equals).isPresent());
        PlanInputs inputs = new PlanInputs(chunks, now, limit, offset, cache.version(),
                scope.home().parameters().getOrDefault("DateStyle", "ISO").startsWith("ISO"), ownConnections(), spaceValuesNamed);
        return analysed.plans().plan(inputs, () -> PushDownPlanner.plan(shape, scope.hypertable(), analysed.columns(),
                scope.root().leadingIndexColumns(), inputs));
    }

    /**
     * Outside a transaction block, remote queries run on pooled connections of their own rather
     * than in the session's transaction on each node: in autocommit when each node returns few
     * rows, else in a transaction of their own that streams the rows.
     */
    private boolean ownConnections() {
        return scope.home().status() == TransactionStatus.IDLE;
    }

    /** The WHERE clause's conditions on dimension columns, with now() and friends as the access node's values. */
    private List<DimensionPredicate> predicates(QueryShape shape, Map<String, String> now) {
        SelectQuery query = shape.query();
        return PushDownPlanner.whereWithConstants(shape, now).map(where -> DimensionPredicate.read(SqlTokenizer.tokenize(where), 0,
                scope.dimensionColumns(), new HashSet<>(List.of(query.qualifier(), query.tableName().name())), true))
                .orElse(List.of());
    }

    private List<String> columns() {
        return scope.root().columns().stream().map(RootTable.Column::name).toList();
    }

    /** A LIMIT or OFFSET value, literal or parameter; empty for none, ALL or NULL. */
    private OptionalLong count(Optional<SqlToken> token) {
        if (token.isEmpty() || token.get().kind() == SqlToken.Kind.WORD) {
            return OptionalLong.empty();
        }
        String text = token.get().text();
        if (token.get().kind() == SqlToken.Kind.PARAMETER) {
            text = scope.request().textParameters().get(Integer.parseInt(text.substring(1)) - 1);
        }
        return text == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text.trim()));
    }

    /** The access node's now(), current_date and localtimestamp, when the query uses them. */
    private Map<String, String> now(QueryShape shape) {
        if (shape.constants().isEmpty()) {
            return Map.of();
        }
        List<String> values = scope.home().query("SELECT now()::text, current_date::text, localtimestamp::text").get(0);
        return Map.of("timestamptz", values.get(0), "date", values.get(1), "timestamp", values.get(2));
    }

    /** A plan that reads no node: the fallback, or no chunk can hold a matching row. */
    private void runAtHome(DistributedPlan plan, QueryCache.Analysed analysed, String text, Runnable privileges) {
        if (plan.strategy() == Strategy.FALLBACK) {
            HypertableQuery.run(scope, privileges);
        } else {
            privileges.run();
            // The empty root table answers exactly as PostgreSQL would.
            relayAtHome(text, analysed.shape().description().parameterTypes(), List.of());
        }
    }

    /**
     * Runs the plan; outside a transaction block, a read that loses a data node before sending
     * anything runs again once the health checks have had their say, on the replicas that answer.
     */
    private void executeRetrying(DistributedPlan first, QueryCache.Analysed analysed) {
        DistributedPlan plan = first;
        for (int attempt = 1; ; attempt++) {
            try {
                execute(plan, analysed);
                return;
            } catch (NodeLost lost) {
                if (attempt >= READ_ATTEMPTS || !ownConnections()) {
                    throw lost.failure;
                }
                plan.scans().forEach(scan -> scope.services().connections().reportBroken(scan.node()));
                scope.services().health().recheck(RECHECK_TIMEOUT);
                plan = plan(analysed);
                if (plan.strategy() == Strategy.FALLBACK || plan.scans().isEmpty()) {
                    throw lost.failure;
                }
            }
        }
    }

    /** The remote queries failed to open because a node is gone: nothing reached the client yet. */
    private static final class NodeLost extends RuntimeException {
        private final RuntimeException failure;

        NodeLost(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    private static boolean lostNode(RuntimeException e) {
        return e instanceof TimeshardException failure && (failure.sqlState().startsWith("08") || failure.sqlState().startsWith("57P"));
    }

    /** Runs the remote queries; the privilege check's round trip to home overlaps their start, and ends before any row is sent. */
    private void execute(DistributedPlan plan, QueryCache.Analysed analysed) {
        StatementRequest request = scope.request();
        StatementScope.PrivilegeCheck check = scope.startPrivilegeCheck(this::columns);
        List<NodeCursor> cursors;
        try {
            cursors = open(plan, analysed.plans(), fewRows(plan, analysed.shape()));
        } catch (RuntimeException e) {
            check.require(); // a refusal comes first, as in PostgreSQL
            throw lostNode(e) ? new NodeLost(e) : e;
        }
        try {
            check.require();
            if (plan.finalQuery().isPresent()) {
                finishAtHome(plan.finalQuery().get(), RowSource.append(cursors)::next, analysed.shape().description().parameterTypes(),
                        Function.identity());
            } else {
                ResultRows rows = ResultRows.start(scope.client(), request, analysed.rowDescription().orElseThrow());
                long sent = stream(plan, cursors, rows::send);
                scope.client().send(BackendMessages.commandComplete("SELECT " + sent));
            }
        } finally {
            close(cursors);
        }
    }

    /**
     * Runs the final query at home over the nodes' rows; {@code statement} puts it into the
     * statement the home database runs (itself, or a statement with it in place of a subquery).
     * That runs as timeshard's own statement when it calls only built-in functions that are not
     * volatile and writes nothing (no user trigger fires): it cannot change the session's role, and
     * the session keeps its privilege checks.
     */
    private void finishAtHome(FinalQuery finalQuery, Supplier<List<String>> rows, List<Integer> parameterTypes,
                              Function<String, String> statement) {
        FinalRows.Relation relation = new FinalRows(scope.home(), finalQuery.columnNames(), finalQuery.columnTypes(),
                parameterTypes.size() + 1).load(rows);
        try {
            String written = statement.apply(finalQuery.sql());
            List<SqlToken> tokens = SqlTokenizer.tokenize(written);
            boolean own = tokens.stream().noneMatch(token -> WRITES.stream().anyMatch(token::isKeyword)) && FunctionCalls.in(tokens).stream()
                    .allMatch(call -> facts.function(call.name()) != HomeCatalog.FunctionKind.LOCAL_ONLY);
            String sql = written.replace(RemoteQueries.ROWS, relation.sql());
            if (own) {
                scope.home().own(() -> {
                    relayAtHome(sql, parameterTypes, relation.arrays());
                    return null;
                });
            } else {
                relayAtHome(sql, parameterTypes, relation.arrays());
            }
        } finally {
            if (scope.home().status() != TransactionStatus.FAILED) {
                FinalRows.drop(scope.home(), relation); // else the next large final step replaces it
            }
        }
    }

    /**
     * A statement whose one CTE or derived table is the only part reading the hypertable (see
     * {@link PushedSubquery}): when that query is a single-table SELECT the planner pushes down, it
     * runs on the nodes and the statement runs at home with its result (the final query over the
     * nodes' rows, or the rows as the access node puts them together) in its place. False when it
     * cannot go that way (the caller takes the fallback).
     */
    private boolean runWithPushedSubquery(String text, Optional<ExplainStatement> explain) {
        if (!scope.settings().nodesPrintAlike() || scope.request().parameters().size() != scope.request().parameterTypes().size()
                || scope.request().parameterTypes().contains(0)) {
            return false;
        }
        Optional<PushedSubquery> pushed = PushedSubquery.find(text, scope.services().registry()::isHypertable).stream()
                .filter(candidate -> singleTableQuery(candidate.body()).isPresent()).findFirst();
        if (pushed.isEmpty()) {
            return false;
        }
        PushedSubquery subquery = pushed.get();
        Optional<SelectQuery> body = singleTableQuery(subquery.body());
        List<Integer> parameterTypes = scope.request().parameterTypes();
        long generation = scope.services().registry().generation();
        QueryCache.Analysed analysed = cache.get(body.get().sql(), parameterTypes, generation, () -> analyse(body.get()));
        DistributedPlan plan = plan(analysed);
        // Raw rows reach home as well over the chunks' foreign tables: only a smaller result is worth the detour.
        boolean reduces = analysed.shape().aggregated() || plan.limit().isPresent();
        if (!reduces || plan.strategy() == Strategy.FALLBACK || plan.scans().isEmpty() || analysed.rowDescription().isEmpty()) {
            return false;
        }
        if (explain.isPresent()) {
            List<String> lines = new ArrayList<>(List.of("Custom Scan (HomeQuery)", "  Strategy: pushed",
                    "  Reason: a subquery reading the hypertable is pushed down; the home database runs the statement over its result"));
            PlanExplainer.lines(plan, explain.get().verbose(), List.of()).forEach(line -> lines.add("  " + (lines.size() == 3 ? "->  " : "    ")
                    + line));
            sendPlan(lines);
            return true;
        }
        StatementScope.PrivilegeCheck check = scope.startPrivilegeCheck(this::columns);
        List<NodeCursor> cursors;
        try {
            cursors = open(plan, analysed.plans(), fewRows(plan, analysed.shape()));
        } catch (RuntimeException e) {
            check.require();
            throw e;
        }
        try {
            check.require();
            if (plan.finalQuery().isPresent()) {
                finishAtHome(plan.finalQuery().get(), RowSource.append(cursors)::next, parameterTypes, subquery::withBody);
            } else {
                finishAtHome(resultQuery(analysed.rowDescription().get()), resultRows(plan, cursors), parameterTypes, subquery::withBody);
            }
        } finally {
            close(cursors);
        }
        return true;
    }

    /**
     * A statement whose LATERAL subquery picks the hypertable's first rows for each row of the table
     * before it (see {@link LatestPerKey}): the nodes' rows for the outer table's keys are read,
     * merged in the subquery's order, until every key has its rows. A LIMIT of as many rows as all
     * keys want lets each node read from an index and stop; when it cut the rows short, the keys
     * still short are read again with eight times the LIMIT, and after {@value #LATEST_ROWS_LIMITED}
     * rows without one. The statement runs at home over those rows. False when it cannot go that way.
     */
    private boolean runWithLatestPerKey(String text, Optional<ExplainStatement> explain) {
        if (!scope.settings().nodesPrintAlike() || !scope.request().parameters().isEmpty()) {
            return false;
        }
        Optional<LatestPerKey> found = LatestPerKey.find(text, scope.services().registry()::isHypertable)
                .filter(lateral -> singleTableQuery(lateral.body().sql()).isPresent() && FunctionCalls.in(lateral.body().tokens()).stream()
                        .allMatch(call -> facts.function(call.name()) == HomeCatalog.FunctionKind.PUSHABLE));
        Optional<SubqueryValues.Rewritten> keyed = found.flatMap(lateral -> SubqueryValues.rewrite(lateral.rowsQuery(lateral.outerKeys()),
                scope, facts));
        List<String> columnNames = columns();
        int keyIndex = found.map(lateral -> columnNames.indexOf(lateral.innerKeyColumn())).orElse(-1);
        if (keyed.isEmpty() || keyed.get().subqueries().size() != 1 || keyIndex < 0
                || !keyed.get().subqueries().get(0).type().equals(scope.root().columns().get(keyIndex).type())
                || !TEXTUAL_EQUALITY.contains(scope.root().columns().get(keyIndex).type().replaceAll("\\(.*\\)$", ""))) {
            return false;
        }
        LatestPerKey lateral = found.get();
        SubqueryValues.Evaluated keys = keyed.get().subqueries().get(0);
        RowsPerKey rows = new RowsPerKey(keyIndex, lateral.rowsPerKey(), keys.values());
        // As many rows as the keys want: enough when every key has rows at the latest times, as readings do.
        long limit = (long) lateral.rowsPerKey() * Math.max(rows.missing().size(), 1);
        Optional<QueryCache.Analysed> first = analysedRows(keyed.get().sql() + " LIMIT " + limit);
        DistributedPlan plan = first.map(this::plan).orElse(null);
        if (plan == null || plan.strategy() == Strategy.FALLBACK) {
            return false;
        }
        if (explain.isPresent()) {
            List<String> lines = new ArrayList<>(List.of("Custom Scan (HomeQuery)", "  Strategy: pushed", "  Reason: the LATERAL subquery's first "
                    + lateral.rowsPerKey() + " rows per key are read from the data nodes in its order; the home database runs the statement"
                    + " over them", "  Evaluated Subquery: (" + keys.subquery() + ") = " + keys.shown()));
            PlanExplainer.lines(plan, explain.get().verbose(), List.of()).forEach(line -> lines.add("  " + (lines.size() == 4 ? "->  " : "    ")
                    + line));
            sendPlan(lines);
            return true;
        }
        StatementScope.PrivilegeCheck check = scope.startPrivilegeCheck(this::columns);
        try {
            for (long read = readRows(plan, first.get(), rows); read == limit && !rows.complete(); ) {
                List<String> missing = rows.missing();
                rows.restart(missing);
                limit = limit >= LATEST_ROWS_LIMITED ? -1 : 8 * limit;
                Optional<QueryCache.Analysed> again = analysedRows(lateral.rowsQuery(new SubqueryValues.Evaluated(keys.subquery(), keys.type(),
                        missing).replacement(false)) + (limit > 0 ? " LIMIT " + limit : ""));
                read = readRows(plan(again.orElseThrow()), again.get(), rows);
            }
        } catch (RuntimeException e) {
            check.require();
            throw e;
        }
        check.require();
        List<String> quoted = columnNames.stream().map(SqlText::identifier).toList();
        List<String> types = scope.root().columns().stream().map(RootTable.Column::type).toList();
        Iterator<List<String>> collected = rows.all().iterator();
        finishAtHome(new FinalQuery(RemoteQueries.ROWS, quoted, types), () -> collected.hasNext() ? collected.next() : null, List.of(),
                lateral::withRows);
        return true;
    }

    /** The analysis of a query of the subquery's rows; empty when it is not one the access node runs (it refers to the outer query). */
    private Optional<QueryCache.Analysed> analysedRows(String sql) {
        Optional<SelectQuery> query = singleTableQuery(sql);
        if (query.isEmpty()) {
            return Optional.empty();
        }
        return scope.home().attempt(() -> {
            try {
                return Optional.of(cache.get(sql, List.of(), scope.services().registry().generation(), () -> analyse(query.get())));
            } catch (TimeshardException e) {
                return Optional.empty(); // as PostgreSQL would, the statement fails at home, where it runs instead
            }
        });
    }

    /** Streams the plan's rows into {@code rows} until every key has its rows; returns how many rows it read. */
    private long readRows(DistributedPlan plan, QueryCache.Analysed analysed, RowsPerKey rows) {
        if (plan.scans().isEmpty()) {
            return 0;
        }
        List<NodeCursor> cursors = open(plan, analysed.plans(), fewRows(plan, analysed.shape()));
        try {
            Supplier<List<String>> source = resultRows(plan, cursors);
            long read = 0;
            for (List<String> row = source.get(); row != null && !rows.complete(); row = source.get()) {
                rows.offer(row);
                read++;
            }
            return read;
        } finally {
            close(cursors);
        }
    }

    /** {@code sql} read as a single-table SELECT on this statement's hypertable. */
    private Optional<SelectQuery> singleTableQuery(String sql) {
        return SelectQuery.read(sql).filter(query -> scope.services().registry().find(query.tableName())
                .filter(found -> found.id() == scope.hypertable().id()).isPresent());
    }

    /** A query at home returning the rows of a result described by {@code description} as they are, under its column names. */
    private FinalQuery resultQuery(PgMessage description) {
        PayloadReader reader = description.reader(scope.home().encoding());
        int count = reader.readCount16();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(reader.readCString());
            reader.readInt32();
            reader.readInt16();
            int typeOid = reader.readInt32();
            reader.readInt16();
            types.add(facts.typeName(typeOid, reader.readInt32()));
            reader.readInt16();
        }
        List<String> columns = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            columns.add("c" + (i + 1));
            select.add("c" + (i + 1) + " AS " + SqlText.identifier(names.get(i)));
        }
        return new FinalQuery("SELECT " + String.join(", ", select) + " FROM " + RemoteQueries.ROWS + " AS _timeshard_rows", columns, types);
    }

    private void close(List<NodeCursor> cursors) {
        cursors.forEach(cursor -> standalone.remove(cursor.connection()));
        cursors.forEach(NodeCursor::close);
    }

    /** Sends the nodes' rows as {@link #resultRows} gives them; returns how many. */
    private long stream(DistributedPlan plan, List<NodeCursor> cursors, Consumer<List<String>> sink) {
        Supplier<List<String>> rows = resultRows(plan, cursors);
        long sent = 0;
        for (List<String> row = rows.get(); row != null; row = rows.get()) {
            sink.accept(row);
            sent++;
        }
        return sent;
    }

    /** The nodes' rows, appended or merged, past OFFSET and up to LIMIT, without hidden sort columns; null after the last. */
    private Supplier<List<String>> resultRows(DistributedPlan plan, List<NodeCursor> cursors) {
        RowSource source = plan.mergeKeys().isEmpty() ? RowSource.append(cursors)
                : RowSource.merge(cursors, plan.mergeKeys(), scope.zone() == null ? ZoneOffset.UTC : scope.zone());
        return new LimitedRows(plan, source);
    }

    /** The plan's OFFSET, LIMIT and output columns applied to the nodes' rows. */
    private static final class LimitedRows implements Supplier<List<String>> {
        private final DistributedPlan plan;
        private final RowSource source;
        private long skipped;
        private long given;

        LimitedRows(DistributedPlan plan, RowSource source) {
            this.plan = plan;
            this.source = source;
        }

        @Override
        public List<String> get() {
            if (plan.limit().isPresent() && given >= plan.limit().getAsLong()) {
                return null;
            }
            List<String> row = source.next();
            for (; row != null && skipped < plan.offset(); skipped++) {
                row = source.next();
            }
            if (row == null) {
                return null;
            }
            given++;
            return row.size() > plan.outputColumns() ? row.subList(0, plan.outputColumns()) : row;
        }
    }

    /** Opens the nodes' remote queries, on connections of their own when the plan allows (see {@link #ownConnections}). */
    private List<NodeCursor> open(DistributedPlan plan, PlanMemo plans, boolean fewRows) {
        boolean own = ownConnections();
        List<NodeCursor.Request> requests = new ArrayList<>();
        try {
            List<String> parameters = scope.request().textParameters();
            for (int i = 0; i < plan.scans().size(); i++) {
                NodeScan scan = plan.scans().get(i);
                JdbcPlaceholders placeholders = plans.placeholders(plan, i, scan.sql());
                Connection connection = own ? ownConnection(scan.node(), fewRows && !scan.pageOrder()) : scope.remote().connection(scan.node());
                requests.add(new NodeCursor.Request(scan.node(), connection, own, scope.settings(), placeholders.sql(),
                        placeholders.values(parameters), own && scan.pageOrder()));
            }
            return NodeCursor.openAll(requests);
        } catch (RuntimeException e) {
            requests.stream().filter(NodeCursor.Request::pooled).forEach(request -> {
                standalone.remove(request.connection());
                closeQuietly(request.connection());
            });
            throw e;
        }
    }

    /**
     * A pooled connection, registered for cancellation: in autocommit for a result of few rows when
     * its session has the client's settings already (they could not be set for the query alone),
     * else in a transaction, which lets the rows be fetched in batches and the settings be set locally.
     */
    private Connection ownConnection(String node, boolean fewRows) {
        Connection connection = scope.services().connections().open(node);
        try {
            connection.setAutoCommit(fewRows && scope.settings().inEffectOn(connection));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw RemoteErrors.from(node, e);
        }
        standalone.add(connection);
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool drops a broken connection
        }
    }

    /** True when each remote query returns at most a few thousand rows: one aggregate row, or a small LIMIT it applies itself. */
    private boolean fewRows(DistributedPlan plan, QueryShape shape) {
        if (shape.aggregated() && shape.keys().isEmpty()) {
            return true;
        }
        return plan.strategy() == Strategy.FULL && limit.isPresent() && limit.getAsLong() <= FEW_ROWS && offset <= FEW_ROWS;
    }

    /** Runs {@code sql} at home with the client's parameters and, after them, {@code arrays} (binary text[] values). */
    private void relayAtHome(String sql, List<Integer> parameterTypes, List<byte[]> arrays) {
        StatementRequest request = scope.request();
        List<Short> resultFormats = request.bind().map(bind -> bind.resultFormats()).orElse(List.of());
        List<Integer> types = new ArrayList<>(parameterTypes);
        List<byte[]> values = new ArrayList<>(request.parameters());
        List<Short> formats = new ArrayList<>();
        List<Short> given = request.parameterFormats();
        for (int i = 0; i < values.size(); i++) {
            formats.add(given.isEmpty() ? 0 : given.get(given.size() == 1 ? 0 : i));
        }
        for (byte[] array : arrays) {
            types.add(PgType.TEXT_ARRAY.oid());
            values.add(array);
            formats.add((short) 1);
        }
        String tag = scope.home().relayQuery(new BoundStatement(sql, types, formats, values), resultFormats,
                request.isSimpleProtocol(), scope.client()::send);
        scope.client().send(BackendMessages.commandComplete(tag));
    }

    /** EXPLAIN ANALYZE: runs the plan, dropping its rows, and reports each node's rows and time. */
    private List<PlanExplainer.NodeRun> measure(DistributedPlan plan) {
        List<NodeCursor> cursors = open(plan, new PlanMemo(), false);
        try {
            if (plan.finalQuery().isPresent()) {
                RowSource source = RowSource.append(cursors);
                while (source.next() != null) {
                    // read every row, as the final step would
                }
            } else {
                stream(plan, cursors, row -> { });
            }
            return cursors.stream().map(cursor -> new PlanExplainer.NodeRun(cursor.rowCount(), cursor.elapsedMillis())).toList();
        } finally {
            close(cursors);
        }
    }

    private void explain(DistributedPlan plan, boolean verbose, List<PlanExplainer.NodeRun> runs) {
        sendPlan(PlanExplainer.lines(plan, verbose, runs));
    }

    /**
     * EXPLAIN of a query the fallback runs: on the foreign path, PostgreSQL's own plan at home with
     * each foreign scan (and, with VERBOSE, its remote SQL); else the chunks the fallback copies.
     */
    private void explainFallback(DistributedPlan plan, boolean verbose, Runnable privileges) {
        if (!HypertableQuery.readsForeignTables(scope)) {
            privileges.run();
            explain(plan, verbose, List.of());
            return;
        }
        StatementRequest request = scope.request();
        HomeConnection.Outcome outcome = scope.home().execute(scope.statement().sql(), request.parameterTypes(), request.parameterFormats(),
                request.parameters());
        if (outcome.error() != null) {
            throw StatementScope.fromHome(outcome.error());
        }
        List<String> lines = new ArrayList<>(PlanExplainer.homeLines(plan));
        boolean readingTree = false;
        for (List<String> row : outcome.rows()) {
            String line = (lines.size() == 3 ? "  ->  " : "      ") + row.get(0);
            lines.add(line);
            if (line.contains("Foreign Scan")) {
                readingTree = ForeignChunks.readsTree(line);
            } else if (readingTree && line.trim().startsWith("Remote SQL: ")) {
                String indent = " ".repeat(line.indexOf("Remote SQL: ") + 2);
                lines.add(indent.substring(2) + "Tree Plan:");
                scope.services().foreignChunks().explainTreeRead(line.substring(line.indexOf("Remote SQL: ") + 12))
                        .forEach(treeLine -> lines.add(indent + treeLine));
                readingTree = false;
            }
        }
        sendPlan(lines);
    }

    private void sendPlan(List<String> lines) {
        PgMessage description = BackendMessages.rowDescription(List.of(ColumnDescription.of("QUERY PLAN", PgType.TEXT)));
        ResultRows rows = ResultRows.start(scope.client(), scope.request(), description);
        lines.forEach(line -> rows.send(List.of(line)));
        scope.client().send(BackendMessages.commandComplete("EXPLAIN"));
    }
}
