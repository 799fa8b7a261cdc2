package io.timeshard.plan;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.plan.DistributedPlan.FinalQuery;
import io.timeshard.plan.DistributedPlan.NodeScan;
import io.timeshard.plan.QueryShape.TimeConstant;
import io.timeshard.sql.SelectQuery;
import io.timeshard.sql.SelectQuery.Span;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Chooses, for the chunks a query reads, how it runs: fully on the data nodes when every group's
 * rows live on one node, in partial aggregates combined at home otherwise, or through the fallback
 * when it cannot be pushed down; and writes each node's remote query.
 */
public final class PushDownPlanner {
    private static final Set<Integer> TIME_TYPES = Set.of(1082, 1114, 1184);
    /**
     * Connections a query that lands on one data node reads its chunks over, when it may: that
     * node would otherwise work on one core while the others idle.
     */
    static final int CONNECTIONS_FOR_ONE_NODE = 2;

    private PushDownPlanner() {}

    /**
     * The plan of {@code shape} for one execution. With {@code inputs.ownConnections()} the chunks of
     * an aggregate on one node are read over {@value #CONNECTIONS_FOR_ONE_NODE} connections at once,
     * as partial aggregates.
     */
    static DistributedPlan plan(QueryShape shape, Hypertable hypertable, List<String> columns, Set<String> indexedColumns,
                                PlanInputs inputs) {
        List<Chunk> chunks = inputs.chunks();
        Map<String, String> now = inputs.now();
        OptionalLong limit = inputs.limit();
        long offset = inputs.offset();
        Map<String, List<Chunk>> byNode = byNode(chunks);
        String relation = relation(hypertable);
        int outputs = shape.description().columns().size();
        if (shape.localReason().isPresent()) {
            return fallback(shape.localReason().get(), relation, byNode, columns, outputs);
        }
        Strategy strategy = strategy(shape, hypertable, byNode);
        if (strategy == Strategy.FALLBACK) {
            return fallback("aggregates that cannot be combined across data nodes", relation, byNode, columns, outputs);
        }
        boolean split = inputs.ownConnections() && byNode.size() == 1 && chunks.size() > 1 && shape.aggregated() && shape.combinable();
        if (split) {
            strategy = Strategy.PARTIAL;
        }
        SelectQuery query = shape.query();
        boolean pageOrder = readsInPageOrder(shape, hypertable, indexedColumns, strategy, inputs);
        List<NodeScan> scans = new ArrayList<>();
        boolean single = byNode.size() <= 1;
        OptionalLong nodeLimit = limit.isPresent() && limit.getAsLong() <= Long.MAX_VALUE - offset
                ? OptionalLong.of(limit.getAsLong() + offset) : OptionalLong.empty();
        for (Map.Entry<String, List<Chunk>> node : byNode.entrySet()) {
            for (List<Chunk> part : split ? alternate(node.getValue(), CONNECTIONS_FOR_ONE_NODE) : List.of(node.getValue())) {
                SqlRenderer renderer = nodeRenderer(shape, now).replace(query.table().from(), query.table().to(),
                        RemoteQueries.chunkSource(query, part, columns));
                String sql;
                if (strategy == Strategy.PARTIAL) {
                    sql = RemoteQueries.partialNodeQuery(shape, renderer, renderer.render(QueryAnalyzer.fromSpan(query)));
                } else if (single) {
                    sql = renderer.render(new Span(0, query.tokens().size()));
                } else {
                    sql = RemoteQueries.fullNodeQuery(shape, renderer, nodeLimit);
                }
                scans.add(new NodeScan(node.getKey(), part, sql + " /* timeshard " + inputs.version() + (pageOrder ? " page order" : "")
                        + " */", pageOrder));
            }
        }
        if (strategy == Strategy.PARTIAL) {
            FinalQuery combine = new FinalQuery(RemoteQueries.partialFinalQuery(shape), RemoteQueries.partialColumnNames(shape),
                    shape.partialTypes().orElseThrow());
            String reason = split ? "one data node, its chunks read over " + CONNECTIONS_FOR_ONE_NODE + " connections"
                    : "partial aggregates combined at the access node";
            return new DistributedPlan(strategy, reason, relation, scans, List.of(), Optional.of(combine), 0, OptionalLong.empty(),
                    outputs, true);
        }
        if (single) {
            return new DistributedPlan(strategy, "one data node", relation, scans, List.of(), Optional.empty(), 0, OptionalLong.empty(),
                    outputs, shape.aggregated());
        }
        boolean timeKeys = shape.sortKeys().stream().anyMatch(key -> TIME_TYPES.contains(key.typeOid()));
        if (!query.orderBy().isEmpty() && (!shape.mergeable() || timeKeys && !inputs.isoDates())) {
            int width = shape.nodeColumnTypes().size();
            FinalQuery ordered = new FinalQuery(RemoteQueries.orderedFinalQuery(shape), RemoteQueries.rowColumnNames(width),
                    shape.nodeColumnTypes());
            return new DistributedPlan(strategy, "rows sorted at the access node", relation, scans, List.of(), Optional.of(ordered), 0,
                    OptionalLong.empty(), outputs, shape.aggregated());
        }
        return new DistributedPlan(strategy, "every group on one data node", relation, scans, shape.sortKeys(), Optional.empty(), offset,
                limit, outputs, shape.aggregated());
    }

    /**
     * True when the nodes should read the query's rows by bitmap scans, in page order. Ingest
     * leaves each batch of a chunk grouped by space value (see {@code ingest.ChunkBuffer}), which
     * the node's statistics cannot tell: the time column looks perfectly correlated with the rows'
     * places, so PostgreSQL reads a time range by index scan, which then visits a page per row when
     * the range holds many space values; a bitmap scan visits each page once (2-3 times faster
     * over TSBS's readings). Only where no index order is needed (no ORDER BY or LIMIT on the node,
     * no min() or max() of a column an index starts with), the WHERE clause names no space value
     * (whose rows lie together), and the remote query runs in a transaction of its own, which the
     * setting ends with. Not for an aggregate of one row (count(*) of a range reads the index
     * alone; and it runs in autocommit, without the transaction the setting needs).
     */
    static boolean readsInPageOrder(QueryShape shape, Hypertable hypertable, Set<String> indexedColumns, Strategy strategy,
                                    PlanInputs inputs) {
        SelectQuery query = shape.query();
        boolean nodeOrders = strategy == Strategy.FULL && (!query.orderBy().isEmpty() || inputs.limit().isPresent());
        boolean indexedExtreme = shape.aggregates().stream().anyMatch(call -> (call.name().equals("min") || call.name().equals("max"))
                && column(query, call.argument()).filter(indexedColumns::contains).isPresent());
        boolean oneRow = shape.aggregated() && shape.keys().isEmpty();
        return hypertable.space().isPresent() && inputs.ownConnections() && !inputs.spaceValuesNamed() && !nodeOrders && !indexedExtreme
                && !oneRow;
    }

    /** The column a span names, qualified or not. */
    private static Optional<String> column(SelectQuery query, Span span) {
        List<SqlToken> tokens = query.tokens();
        int length = span.to() - span.from();
        boolean qualified = length == 3 && tokens.get(span.from()).isIdentifier() && tokens.get(span.from() + 1).kind() == SqlToken.Kind.DOT;
        SqlToken last = tokens.get(span.to() - 1);
        return (length == 1 || qualified) && last.isIdentifier() ? Optional.of(last.identifier()) : Optional.empty();
    }

    private static Strategy strategy(QueryShape shape, Hypertable hypertable, Map<String, List<Chunk>> byNode) {
        if (!shape.aggregated() || byNode.size() <= 1) {
            return Strategy.FULL;
        }
        boolean timeGroups = shape.groupsByTime() && (hypertable.space().isEmpty() || shape.groupsBySpace());
        if (timeGroups || shape.groupsBySpace() && !hashRangesOverlap(byNode)) {
            return Strategy.FULL;
        }
        return shape.combinable() ? Strategy.PARTIAL : Strategy.FALLBACK;
    }

    /** The chunks dealt out into {@code parts} lists in turn, so that each gets as many of the time slices as the others. */
    private static List<List<Chunk>> alternate(List<Chunk> chunks, int parts) {
        List<List<Chunk>> lists = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (i < parts) {
                lists.add(new ArrayList<>());
            }
            lists.get(i % parts).add(chunks.get(i));
        }
        return lists;
    }

    /** True when chunks on different nodes share hash values, as after set_number_partitions or attach_data_node. */
    static boolean hashRangesOverlap(Map<String, List<Chunk>> byNode) {
        List<Map.Entry<String, List<Chunk>>> nodes = new ArrayList<>(byNode.entrySet());
        for (int a = 0; a < nodes.size(); a++) {
            for (int b = a + 1; b < nodes.size(); b++) {
                for (Chunk first : nodes.get(a).getValue()) {
                    for (Chunk second : nodes.get(b).getValue()) {
                        if (first.hashStart() < second.hashEnd() && second.hashStart() < first.hashEnd()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** The WHERE clause (with its keyword) with now() and friends replaced by the access node's values, to rule out chunks by. */
    public static Optional<String> whereWithConstants(QueryShape shape, Map<String, String> now) {
        return shape.query().where().map(where -> "WHERE " + constants(shape, now).render(where));
    }

    private static SqlRenderer constants(QueryShape shape, Map<String, String> now) {
        SqlRenderer renderer = new SqlRenderer(shape.query());
        for (TimeConstant constant : shape.constants()) {
            renderer.replace(constant.start(), constant.end(), SqlText.literal(now.get(constant.type())) + "::" + constant.type());
        }
        return renderer;
    }

    /** Constants for now() and friends, and parameters cast to the types PostgreSQL gave them. */
    private static SqlRenderer nodeRenderer(QueryShape shape, Map<String, String> now) {
        SqlRenderer renderer = constants(shape, now);
        List<SqlToken> tokens = shape.query().tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == SqlToken.Kind.PARAMETER) {
                int number = Integer.parseInt(tokens.get(i).text().substring(1));
                if (number <= shape.parameterTypeNames().size()) {
                    renderer.replace(i, i + 1, "(" + tokens.get(i).text() + "::" + shape.parameterTypeNames().get(number - 1) + ")");
                }
            }
        }
        return renderer;
    }

    /** The fallback's plan: every chunk's rows copied to the home database, which runs the query. */
    public static DistributedPlan fallback(String reason, Hypertable hypertable, List<Chunk> chunks, List<String> columns) {
        return fallback(reason, relation(hypertable), byNode(chunks), columns, 0);
    }

    /** The chunks by the node that serves each (its primary replica), nodes in name order. */
    private static Map<String, List<Chunk>> byNode(List<Chunk> chunks) {
        Map<String, List<Chunk>> byNode = new TreeMap<>();
        for (Chunk chunk : chunks) {
            byNode.computeIfAbsent(chunk.primaryReplica(), node -> new ArrayList<>()).add(chunk);
        }
        return byNode;
    }

    private static String relation(Hypertable hypertable) {
        return hypertable.schemaName() + "." + hypertable.tableName();
    }

    private static DistributedPlan fallback(String reason, String relation, Map<String, List<Chunk>> byNode, List<String> columns,
                                            int outputs) {
        String list = columns.stream().map(SqlText::identifier).collect(Collectors.joining(", "));
        List<NodeScan> scans = new ArrayList<>();
        for (Map.Entry<String, List<Chunk>> node : byNode.entrySet()) {
            String copies = node.getValue().stream().map(chunk -> "COPY " + ChunkTables.qualified(chunk) + " (" + list
                    + ") TO STDOUT (FORMAT binary)").collect(Collectors.joining("; "));
            scans.add(new NodeScan(node.getKey(), node.getValue(), copies, false));
        }
        return new DistributedPlan(Strategy.FALLBACK, reason, relation, scans, List.of(), Optional.empty(), 0, OptionalLong.empty(),
                outputs, false);
    }
}
