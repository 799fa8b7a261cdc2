package io.timeshard.plan;

import io.timeshard.home.HomeConnection;
import io.timeshard.home.HomeConnection.StatementDescription;
import io.timeshard.home.StatementScope;

import java.util.List;
import java.util.Optional;

/**
 * Queries on distributed hypertables for one session, the statement entry of planning: each query
 * is analysed once per text ({@link QueryCache}), planned for the chunks it reads and run on the
 * data nodes ({@link DistributedQuery}), or by the fallback when it cannot be pushed down. Owned by
 * the session's thread; {@link #cancel()} may be called from any thread.
 */
public final class QueryPlanner {
    private final HomeFacts facts;
    private final QueryCache cache = new QueryCache();
    private final StandaloneConnections standalone = new StandaloneConnections();

    /** {@code facts}: the access node's knowledge of the home catalog, shared by its sessions. */
    public QueryPlanner(HomeFacts facts) {
        this.facts = facts;
    }

    /** Runs the query of {@code scope}, sending its rows and CommandComplete to the client. */
    public void run(StatementScope scope) {
        DistributedQuery.run(scope, facts, cache, standalone);
    }

    /**
     * Runs a statement that reads hypertables but is not a query timeshard takes apart (a view or
     * a table defined by a query, PREPARE, DECLARE CURSOR, ...) at home as written, over the
     * chunks' foreign tables.
     */
    public void runAsWritten(StatementScope scope) {
        HypertableQuery.runAsWritten(scope);
    }

    /**
     * Runs a statement on a hypertable whose row-level security applies to the session's role: a
     * query at home over the chunks' foreign tables, where PostgreSQL applies the policies; writes
     * and queries that cannot take that path are refused.
     */
    public void runUnderRowSecurity(StatementScope scope) {
        HypertableQuery.runUnderRowSecurity(scope);
    }

    /** True when the statement of {@code scope} can run at home as written, over the chunks' foreign tables. */
    public boolean readsAtHome(StatementScope scope) {
        return HypertableQuery.readsForeignTables(scope);
    }

    /**
     * The row description of a query this session has analysed with these parameter types (empty
     * when it returns no rows), and its parameters' types: enough to answer Parse, Bind and
     * Describe without the home database.
     */
    public Optional<StatementDescription> describeKnown(String sql, List<Integer> parameterTypes, long generation) {
        return cache.find(sql, parameterTypes, generation).map(analysed ->
                new StatementDescription(analysed.rowDescription(), analysed.shape().description().parameterTypes()));
    }

    /**
     * The description of a query whose shape this session has described before (see
     * {@link ShapeDescriptions}), else the home database's: Parse and Describe, not bound.
     */
    public StatementDescription describe(String sql, List<Integer> parameterTypes, long generation, HomeConnection home) {
        return cache.descriptions(generation).describe(sql, parameterTypes, home.encoding().name(), () -> home.describeStatement(sql, parameterTypes));
    }

    /** Forgets every analysis: this session changed a hypertable, or rolled back a change. */
    public void forget() {
        cache.clear();
    }

    /** Cancels the remote queries this session runs on connections of their own; called from another thread. */
    public void cancel() {
        standalone.cancelAll();
    }
}
