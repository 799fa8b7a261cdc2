package io.timeshard.session;

import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableRegistry;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.ddl.HypertableDdl;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.home.HomeCommitDecision;
import io.timeshard.home.HomeConnection;
import io.timeshard.home.RootTables;
import io.timeshard.home.StatementScope;
import io.timeshard.ingest.RowIngest;
import io.timeshard.plan.HomeFacts;
import io.timeshard.plan.QueryPlanner;
import io.timeshard.protocol.BackendMessages;
import io.timeshard.protocol.ClientChannel;
import io.timeshard.protocol.StatementRequest;
import io.timeshard.protocol.TransactionStatus;
import io.timeshard.sql.DistributedStatement;
import io.timeshard.sql.SqlToken;
import io.timeshard.sql.TransactionCommand;
import io.timeshard.txn.DistributedTransaction;
import io.timeshard.txn.StatementCommitDecision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The distributed side of a session: statements on hypertables and the remote transaction they
 * run in. Outside a transaction block each statement commits (in two phases when it wrote to
 * several nodes); inside one, the client's COMMIT, ROLLBACK and savepoints reach the nodes too.
 */
final class DistributedSession implements AutoCloseable {
    private static final int RESOLVED_TYPES_KEPT = 256;
    /** A write whose chunk's replicas changed while it ran is run this often at most. */
    private static final int WRITE_ATTEMPTS = 3;
    private final HomeConnection home;
    private final ClientChannel client;
    private final ClusterServices services;
    private final DistributedTransaction remote;
    private final RowIngest writes = new RowIngest();
    private final QueryPlanner queries;
    /** Catalog changes of DDL run inside the client's transaction block, made when it commits. */
    private final HypertableDdl.Pending pendingDdl = new HypertableDdl.Pending();
    private final RootTables roots = new RootTables();
    /** Parameter types the home database resolved, by given types and statement text (see {@link #withParameterTypes}). */
    private final Map<String, List<Integer>> resolvedTypes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Integer>> eldest) {
            return size() > RESOLVED_TYPES_KEPT;
        }
    };
    private String classifiedSql;
    private long classifiedGeneration;
    private Optional<DistributedStatement> classified = Optional.empty();

    DistributedSession(HomeConnection home, ClientChannel client, ClusterServices services, HomeFacts facts) {
        this.home = home;
        this.client = client;
        this.services = services;
        this.remote = new DistributedTransaction(services.connections(), services.routing());
        this.queries = new QueryPlanner(facts);
    }

    /** True when timeshard runs {@code sql} itself rather than relaying it. */
    boolean handles(String sql) {
        return classify(sql).isPresent() || (transactionPending() && TransactionCommand.parse(sql).isPresent());
    }

    /** Statements naming a hypertable, and DDL naming one of their indexes (DROP INDEX, ALTER INDEX ...). */
    private Optional<DistributedStatement> classify(String sql) {
        // A statement is asked about several times on its way (split, handled?, run): tokenize it once.
        HypertableRegistry registry = services.registry();
        if (sql.equals(classifiedSql) && classifiedGeneration == registry.generation()) {
            return classified;
        }
        classifiedGeneration = registry.generation();
        classified = DistributedStatement.classify(sql, registry::isHypertable)
                .or(() -> DistributedStatement.classify(sql, registry::isHypertableIndex)
                        .filter(statement -> statement.kind() == DistributedStatement.Kind.DDL));
        classifiedSql = sql;
        return classified;
    }

    private static RootTable root(StatementScope scope) {
        return scope.root();
    }

    /**
     * The row description of a query on hypertables this session has run before with these
     * parameter types (empty when it returns no rows), and its parameters' types: enough to answer
     * Parse, Bind and Describe without the home database. With {@code mayDescribe}, a query not
     * run before is described at home (parsed, not bound); empty when that fails (the home
     * database then reports the error to the client's own Parse).
     */
    Optional<HomeConnection.StatementDescription> knownQuery(String sql, List<Integer> parameterTypes, boolean mayDescribe) {
        if (classify(sql).filter(statement -> statement.kind() == DistributedStatement.Kind.QUERY).isEmpty()) {
            return Optional.empty();
        }
        Optional<HomeConnection.StatementDescription> known = queries.describeKnown(sql, parameterTypes, services.registry().generation());
        if (known.isPresent() || !mayDescribe || home.status() == TransactionStatus.FAILED) {
            return known;
        }
        try {
            return Optional.of(queries.describe(sql, parameterTypes, services.registry().generation(), home));
        } catch (TimeshardException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the query of {@code request} can run at home as written, reading the chunks'
     * foreign tables (what an Execute with a row limit needs: the home database suspends portals).
     */
    boolean readsAtHome(StatementRequest request) {
        Optional<DistributedStatement> statement = classify(request.sql()).filter(found -> found.kind() == DistributedStatement.Kind.QUERY
                && Set.of("select", "with", "table", "values").contains(found.tokens().get(0).text().toLowerCase(Locale.ROOT)));
        if (statement.isEmpty() || home.status() == TransactionStatus.FAILED) {
            return false;
        }
        Hypertable hypertable = services.registry().find(statement.get().hypertable()).orElseThrow();
        return queries.readsAtHome(new StatementScope(statement.get(), request, hypertable, home, client, remote, services, roots));
    }

    /**
     * The parameter types of a write on hypertables that returns no rows, as PostgreSQL resolves
     * those the client left untyped (pgbench and asyncpg leave them all): asked of the home database
     * once per statement text when {@code mayDescribe}; empty for other statements or when it cannot tell.
     */
    Optional<List<Integer>> writeParameterTypes(String sql, List<Integer> given, boolean mayDescribe) {
        if (returnsNoRows(sql, given)) {
            return Optional.of(given);
        }
        boolean write = classify(sql).filter(statement -> switch (statement.kind()) {
            case INSERT, UPDATE, DELETE -> statement.tokens().stream().noneMatch(token -> token.depth() == 0 && token.isKeyword("returning"));
            default -> false;
        }).isPresent();
        if (!write || !mayDescribe || home.status() == TransactionStatus.FAILED) {
            return Optional.empty();
        }
        try {
            List<Integer> resolved = resolvedTypes.computeIfAbsent(given + "\n" + sql, key -> home.describeStatement(sql, given).parameterTypes());
            return Optional.of(resolved).filter(types -> returnsNoRows(sql, types));
        } catch (TimeshardException e) {
            return Optional.empty();
        }
    }

    /** True for statements on hypertables that write rows and return none (no RETURNING, not a query), every parameter typed. */
    boolean returnsNoRows(String sql, List<Integer> parameterTypes) {
        return classify(sql).filter(statement -> switch (statement.kind()) {
            case INSERT, UPDATE, DELETE -> statement.tokens().stream().noneMatch(token -> token.depth() == 0 && token.isKeyword("returning"))
                    && typesGiven(statement, parameterTypes);
            default -> false;
        }).isPresent();
    }

    /** True when {@code parameterTypes} gives a type to every parameter the statement uses. */
    private static boolean typesGiven(DistributedStatement statement, List<Integer> parameterTypes) {
        int highest = statement.tokens().stream().filter(token -> token.kind() == SqlToken.Kind.PARAMETER)
                .mapToInt(token -> Integer.parseInt(token.text().substring(1))).max().orElse(0);
        return parameterTypes.size() >= highest && !parameterTypes.subList(0, highest).contains(0);
    }

    /** Runs the statement, sending its results and CommandComplete; throws on failure. */
    void run(StatementRequest request) {
        Optional<TransactionCommand> command = TransactionCommand.parse(request.sql());
        if (command.isPresent() && transactionPending()) {
            endOrMark(command.get(), request.sql());
            return;
        }
        DistributedStatement statement = classify(request.sql()).orElseThrow();
        if (home.status() == TransactionStatus.FAILED) {
            throw TimeshardException.fromPostgres("25P02", "current transaction is aborted, commands ignored until end of transaction block",
                    null, null, null);
        }
        if (statement.kind() == DistributedStatement.Kind.DDL || statement.kind() == DistributedStatement.Kind.TRUNCATE) {
            roots.clear();
            resolvedTypes.clear();
            queries.forget();
        }
        boolean autocommit = home.status() == TransactionStatus.IDLE;
        if (!retriesReplicaChanges(statement, autocommit)) {
            runOnce(statement, request, client, autocommit);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            HeldMessages held = new HeldMessages(client);
            try {
                runOnce(statement, request, held, autocommit);
                held.release();
                return;
            } catch (TimeshardException e) {
                if (attempt >= WRITE_ATTEMPTS || e.code() != ErrorCode.SERIALIZATION_FAILURE) {
                    throw e;
                }
                // A repair, copy or move changed the chunk's replicas while the statement wrote; nothing committed.
            }
        }
    }

    /**
     * True for a statement the access node runs again when the replicas of a chunk it wrote changed
     * meanwhile: outside a transaction block, and sending nothing before its CommandComplete.
     */
    private static boolean retriesReplicaChanges(DistributedStatement statement, boolean autocommit) {
        return autocommit && switch (statement.kind()) {
            case INSERT, UPDATE, DELETE -> statement.tokens().stream().noneMatch(token -> token.depth() == 0 && token.isKeyword("returning"));
            default -> false;
        };
    }

    private void runOnce(DistributedStatement statement, StatementRequest request, ClientChannel channel, boolean autocommit) {
        Hypertable hypertable = services.registry().find(statement.hypertable()).orElseThrow();
        StatementScope scope = new StatementScope(statement, withParameterTypes(request), hypertable, home, channel, remote, services, roots);
        StatementCommitDecision decision = autocommit ? new StatementCommitDecision(services.homePool()) : null;
        remote.commitStatementWith(decision);
        try {
            switch (statement.kind()) {
                case COPY_FROM, UPDATE, DELETE -> scope.requirePrivileges(() -> root(scope).columnNames());
                default -> { /* INSERT awaits its check before writing; queries check in the planner, when they do not run at home
                                as written; DDL runs at home first */ }
            }
            if (underRowSecurity(scope)) {
                queries.runUnderRowSecurity(scope);
            } else {
                dispatch(scope);
            }
            if (autocommit && home.status() == TransactionStatus.IDLE) {
                remote.commit(decision);
            }
        } catch (RuntimeException e) {
            if (autocommit) {
                remote.rollback();
            }
            throw e;
        }
    }

    private void dispatch(StatementScope scope) {
        switch (scope.statement().kind()) {
            case COPY_FROM -> writes.copy(scope, root(scope));
            case INSERT -> writes.insert(scope, root(scope), scope.startPrivilegeCheck(() -> root(scope).columnNames()));
            case UPDATE, DELETE -> writes.modify(scope);
            case QUERY -> queries.run(scope);
            case DDL, TRUNCATE -> HypertableDdl.run(scope, pendingDdl);
            case MAINTENANCE -> HypertableDdl.maintain(scope);
            case DEFINITION, UNSUPPORTED -> queries.runAsWritten(scope);
        }
    }

    /**
     * True for a statement that reads or writes rows of a hypertable whose row-level security
     * applies to the session's role: only PostgreSQL can apply its policies, at home.
     */
    private boolean underRowSecurity(StatementScope scope) {
        return switch (scope.statement().kind()) {
            case QUERY, COPY_FROM, INSERT, UPDATE, DELETE -> scope.rowSecurityActive(root(scope));
            default -> false;
        };
    }

    /**
     * The request with a type for every binary parameter value: clients such as asyncpg leave the
     * types to the server, and a binary value cannot be read without one. The home database tells
     * them once per statement text.
     */
    private StatementRequest withParameterTypes(StatementRequest request) {
        List<Integer> given = request.parameterTypes();
        List<Short> formats = request.parameterFormats();
        boolean untypedBinary = false;
        for (int i = 0; i < request.parameters().size(); i++) {
            boolean binary = formats.size() == 1 ? formats.get(0) == 1 : i < formats.size() && formats.get(i) == 1;
            untypedBinary |= binary && (i >= given.size() || given.get(i) == 0);
        }
        if (!untypedBinary) {
            return request;
        }
        List<Integer> resolved = resolvedTypes.computeIfAbsent(given + "\n" + request.sql(),
                key -> home.describeStatement(request.sql(), given).parameterTypes());
        return new StatementRequest(request.sql(), resolved, request.bind(), request.encoding());
    }

    /** True while transactions on data nodes are open for the client's transaction block. */
    boolean holdsNodeTransactions() {
        return remote.isOpen();
    }

    /** True while the client's transaction block has work on data nodes or catalog changes waiting for its end. */
    private boolean transactionPending() {
        return remote.isOpen() || !pendingDdl.isEmpty();
    }

    /** COMMIT, ROLLBACK and savepoints while remote transactions are open. */
    private void endOrMark(TransactionCommand command, String sql) {
        if (command.kind() != TransactionCommand.Kind.SAVEPOINT && command.kind() != TransactionCommand.Kind.RELEASE) {
            queries.forget(); // a rolled-back ALTER TABLE leaves queries analysed against the altered table
            roots.clear();
        }
        switch (command.kind()) {
            case COMMIT -> {
                if (home.status() == TransactionStatus.FAILED) {
                    pendingDdl.clear();
                    remote.rollback();
                    client.send(BackendMessages.commandComplete(runAtHome(sql)));
                } else {
                    HomeCommitDecision decision = new HomeCommitDecision(home);
                    try {
                        remote.commit(decision);
                    } catch (RuntimeException e) {
                        pendingDdl.clear();
                        throw e;
                    }
                    pendingDdl.committed();
                    client.send(BackendMessages.commandComplete(decision.commandTag()));
                }
            }
            case ROLLBACK -> {
                pendingDdl.clear();
                remote.rollback();
                client.send(BackendMessages.commandComplete(runAtHome(sql)));
            }
            case SAVEPOINT -> {
                String tag = runAtHome(sql);
                remote.savepoint(command.savepoint().orElseThrow());
                client.send(BackendMessages.commandComplete(tag));
            }
            case RELEASE -> {
                String tag = runAtHome(sql);
                remote.releaseSavepoint(command.savepoint().orElseThrow());
                client.send(BackendMessages.commandComplete(tag));
            }
            case ROLLBACK_TO -> {
                String tag = runAtHome(sql);
                remote.rollbackToSavepoint(command.savepoint().orElseThrow());
                client.send(BackendMessages.commandComplete(tag));
            }
            case PREPARE -> throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "cannot PREPARE a transaction that has used distributed hypertables");
        }
    }

    private String runAtHome(String sql) {
        HomeConnection.Outcome outcome = home.execute(sql, List.of(), List.of(), List.of());
        if (outcome.error() != null) {
            throw HomeConnection.toException(outcome.error());
        }
        return outcome.commandTag();
    }

    /** Cancels what the nodes are running for this session; called from another thread. */
    void cancel() {
        remote.cancelRunningStatements();
        queries.cancel();
    }

    @Override
    public void close() {
        remote.rollback();
    }
}
