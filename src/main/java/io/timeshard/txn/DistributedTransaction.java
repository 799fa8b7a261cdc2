package io.timeshard.txn;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.DataNodeConnections;
import io.timeshard.cluster.FaultInjection;
import io.timeshard.cluster.NodeSessions;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.cluster.ReplicaRouting;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The remote side of one client transaction: a connection per data node it touched, opened
 * lazily in REPEATABLE READ. Commit is plain with one written node and two-phase with more.
 * Used by one session thread at a time; ingest senders use the connections under that thread's
 * supervision (they finish before commit or rollback is called).
 * <p>
 * A statement outside a transaction block commits as soon as it ends, so its commit starts early
 * (each step is a round trip the client waits for): the home decision begins once a second node
 * is written, and a node the statement is done writing to prepares at once, while the others
 * still work.
 */
public final class DistributedTransaction implements NodeSessions {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTransaction.class);

    private final DataNodeConnections pools;
    private final ReplicaRouting routing;
    /** The nodes each chunk with a replica it could not write was written to, checked before commit. */
    private final Map<Integer, Set<String>> writesToVerify = new java.util.HashMap<>();
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, List<String>> savepointsByNode = new LinkedHashMap<>();
    private final Set<String> written = new LinkedHashSet<>();
    /** The connections in use, readable without the lock so that another thread can cancel their statements. */
    private final Set<Connection> inUse = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Outside a transaction block, the decision the statement will commit with; else null. */
    private CommitDecision statementDecision;
    /** That decision's begin(), started when a second node is written. */
    private CompletableFuture<String> earlyDecisionId;
    /** Nodes that prepared ahead of the commit. */
    private final Set<String> preparedAhead = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DistributedTransaction(DataNodeConnections pools, ReplicaRouting routing) {
        this.pools = pools;
        this.routing = routing;
    }

    @Override
    public synchronized List<String> writeTargets(Chunk chunk) {
        List<String> targets = routing.writeTargets(chunk);
        if (ReplicaRouting.needsVerifying(chunk, targets)) {
            writesToVerify.computeIfAbsent(chunk.id(), id -> new LinkedHashSet<>()).addAll(targets);
        }
        return targets;
    }

    @Override
    public synchronized Connection connection(String nodeName) {
        Connection connection = connections.get(nodeName);
        if (connection == null) {
            connection = pools.open(nodeName);
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw nodeError(nodeName, "could not begin a transaction", e);
            }
            connections.put(nodeName, connection);
            inUse.add(connection);
            savepointsByNode.put(nodeName, new ArrayList<>());
        }
        return connection;
    }

    @Override
    public synchronized boolean mayWriteAlone() {
        return statementDecision != null && connections.isEmpty();
    }

    @Override
    public boolean writeAlone(String nodeName, NodeWrite write) {
        synchronized (this) {
            if (!mayWriteAlone() || !writesToVerify.isEmpty()) {
                return false;
            }
        }
        Connection connection = pools.open(nodeName); // the pool's connections commit each statement
        inUse.add(connection);
        try {
            write.run(connection);
            return true;
        } catch (SQLException e) {
            throw nodeError(nodeName, "could not write", e);
        } finally {
            inUse.remove(connection);
            if (isBroken(connection)) {
                pools.reportBroken(nodeName);
            }
            closeQuietly(connection);
        }
    }

    /** Mirrors the client's SAVEPOINT on every remote transaction open now. */
    public synchronized void savepoint(String name) {
        for (String node : connections.keySet()) {
            runOrFail(node, "SAVEPOINT " + io.timeshard.sql.SqlText.identifier(name));
            savepointsByNode.get(node).add(name);
        }
    }

    public synchronized void releaseSavepoint(String name) {
        for (String node : connections.keySet()) {
            List<String> known = savepointsByNode.get(node);
            if (known.contains(name)) {
                runOrFail(node, "RELEASE SAVEPOINT " + io.timeshard.sql.SqlText.identifier(name));
                known.subList(known.lastIndexOf(name), known.size()).clear();
            }
        }
    }

    /**
     * Mirrors ROLLBACK TO SAVEPOINT: nodes that knew the savepoint roll back to it; nodes first
     * touched after it hold nothing older, so their whole remote transaction rolls back.
     */
    public synchronized void rollbackToSavepoint(String name) {
        for (String node : List.copyOf(connections.keySet())) {
            List<String> known = savepointsByNode.get(node);
            if (known.contains(name)) {
                runOrFail(node, "ROLLBACK TO SAVEPOINT " + io.timeshard.sql.SqlText.identifier(name));
                known.subList(known.lastIndexOf(name) + 1, known.size()).clear();
            } else {
                Connection connection = connections.remove(node);
                inUse.remove(connection);
                savepointsByNode.remove(node);
                written.remove(node);
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    LOG.debug("rollback on data node {} failed: {}", node, e.getMessage());
                }
                closeQuietly(connection);
            }
        }
    }

    private void runOrFail(String node, String sql) {
        try {
            execute(node, sql);
        } catch (SQLException e) {
            throw nodeError(node, "could not run " + sql, e);
        }
    }

    /** For a statement outside a transaction block: the decision {@link #commit} will get, so that it can begin early. */
    public synchronized void commitStatementWith(CommitDecision decision) {
        statementDecision = decision;
    }

    @Override
    public synchronized void markWritten(String nodeName) {
        written.add(nodeName);
        if (written.size() == 2 && statementDecision != null && earlyDecisionId == null) {
            earlyDecisionId = CompletableFuture.supplyAsync(statementDecision::begin, task -> Thread.ofVirtual().name("commit-decision").start(task));
        }
    }

    @Override
    public void doneWriting(String nodeName) {
        CompletableFuture<String> decisionId;
        Connection connection;
        synchronized (this) {
            decisionId = earlyDecisionId;
            connection = connections.get(nodeName);
        }
        if (decisionId == null) {
            return; // one node written so far (committed plainly), or inside a transaction block
        }
        String id = decisionIdOf(decisionId);
        try (Statement statement = connection.createStatement()) {
            statement.execute(prepareTransaction(id, nodeName));
        } catch (SQLException e) {
            throw nodeError(nodeName, "could not prepare the transaction", e);
        }
        preparedAhead.add(nodeName);
    }

    private static String prepareTransaction(String id, String node) {
        return "PREPARE TRANSACTION '" + TransactionIds.preparedName(id, node) + "'";
    }

    private static String decisionIdOf(CompletableFuture<String> decisionId) {
        try {
            return decisionId.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public synchronized boolean isOpen() {
        return !connections.isEmpty();
    }

    /** True once a node was written: its uncommitted rows are seen only through this transaction's connections. */
    public synchronized boolean hasWritten() {
        return !written.isEmpty();
    }

    /** The nodes this transaction has connections to, in the order it first used them. */
    public synchronized List<String> nodes() {
        return List.copyOf(connections.keySet());
    }

    /**
     * Commits every remote transaction, then {@code decision}'s home transaction; with several written
     * nodes in two phases, the home transaction deciding.
     */
    public synchronized void commit(CommitDecision decision) {
        if (!writesToVerify.isEmpty()) {
            try {
                routing.verify(writesToVerify);
            } catch (RuntimeException e) {
                rollback();
                decision.abandon();
                throw e;
            }
        }
        try {
            if (earlyDecisionId != null && decision != statementDecision) {
                // The statement decides otherwise (DDL commits with its own home transaction): drop the early decision.
                if (!preparedAhead.isEmpty()) {
                    throw new IllegalStateException("nodes prepared for the statement's decision, not for this one");
                }
                earlyDecisionIdOrNull();
                statementDecision.abandon();
                earlyDecisionId = null;
            }
            if (written.size() <= 1) {
                commitPlainly(decision);
            } else {
                commitInTwoPhases(decision);
            }
        } finally {
            release();
        }
    }

    private void commitPlainly(CommitDecision decision) {
        // Read-only nodes first (all at once): if the written node fails, nothing was committed anywhere.
        List<String> readOnly = new ArrayList<>(connections.keySet());
        readOnly.removeAll(written);
        try {
            if (readOnly.size() > 1) {
                onEveryNode(readOnly, node -> connections.get(node).commit());
            } else if (!readOnly.isEmpty()) {
                commitOne(readOnly.get(0));
            }
            for (String node : written) {
                commitOne(node);
            }
        } catch (RuntimeException e) {
            rollbackAll();
            decision.abandon();
            throw e;
        }
        decision.commit();
    }

    private void commitOne(String node) {
        try {
            connections.get(node).commit();
        } catch (SQLException e) {
            throw nodeError(node, "could not commit", e);
        }
    }

    private void commitInTwoPhases(CommitDecision decision) {
        String id;
        try {
            id = earlyDecisionId != null ? decisionIdOf(earlyDecisionId) : decision.begin();
        } catch (RuntimeException e) {
            throw abandon(decision, List.copyOf(preparedAhead), null, e);
        }
        List<String> prepared = java.util.Collections.synchronizedList(new ArrayList<>(preparedAhead));
        List<String> toPrepare = new ArrayList<>(written);
        toPrepare.removeAll(preparedAhead);
        try {
            onEveryNode(toPrepare, node -> {
                execute(node, prepareTransaction(id, node));
                prepared.add(node);
            });
            for (String node : connections.keySet()) {
                if (!written.contains(node)) {
                    connections.get(node).commit();
                }
            }
            FaultInjection.point(FaultInjection.AFTER_PREPARE);
            decision.recordAndCommit(id);
        } catch (SQLException e) {
            throw abandon(decision, prepared, id, TimeshardException.of(ErrorCode.CONNECTION_FAILURE,
                    "could not commit on a data node: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw abandon(decision, prepared, id, e);
        }
        FaultInjection.point(FaultInjection.AFTER_DECISION);
        onEveryNodeQuietly(List.copyOf(prepared), node -> finishPrepared(node, "COMMIT PREPARED", id));
    }

    /** {@code id}: the prepared transactions' id, null when the decision did not begin (then none prepared). */
    private RuntimeException abandon(CommitDecision decision, List<String> prepared, String id, RuntimeException cause) {
        decision.abandon();
        if (id != null) {
            onEveryNodeQuietly(List.copyOf(prepared), node -> finishPrepared(node, "ROLLBACK PREPARED", id));
        }
        rollbackAll();
        return cause;
    }

    @FunctionalInterface
    private interface NodeWork {
        void run(String node) throws SQLException;
    }

    /** Runs a commit phase on all nodes at once, each on its own virtual thread; rethrows the first failure, naming its node. */
    private static void onEveryNode(List<String> nodes, NodeWork work) {
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String node : nodes) {
                running.add(executor.submit(() -> {
                    try {
                        work.run(node);
                    } catch (SQLException e) {
                        throw nodeError(node, "could not prepare the transaction", e);
                    }
                    return null;
                }));
            }
            for (var future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TimeshardException.of(ErrorCode.QUERY_CANCELED, "interrupted during commit", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static void onEveryNodeQuietly(List<String> nodes, java.util.function.Consumer<String> work) {
        onEveryNode(nodes, work::accept);
    }

    private void execute(String node, String sql) throws SQLException {
        try (Statement statement = connections.get(node).createStatement()) {
            statement.execute(sql);
        }
    }

    /** Second phase on one node; a failure is left to the resolver, which sees the recorded decision. */
    private void finishPrepared(String node, String command, String id) {
        Connection connection = connections.get(node);
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute(command + " '" + TransactionIds.preparedName(id, node) + "'");
            }
        } catch (SQLException e) {
            LOG.warn("{} {} on data node {} failed; the resolver will finish it: {}", command, id, node, e.getMessage());
        }
    }

    public synchronized void rollback() {
        try {
            if (earlyDecisionId != null) {
                // The statement began its commit early: its decision and what prepared ahead roll back too.
                abandon(statementDecision, List.copyOf(preparedAhead), earlyDecisionIdOrNull(), null);
            } else {
                rollbackAll();
            }
        } finally {
            release();
        }
    }

    /** The early decision's id once its begin() is over; null when that failed (then nothing prepared ahead). */
    private String earlyDecisionIdOrNull() {
        try {
            return decisionIdOf(earlyDecisionId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void rollbackAll() {
        for (Map.Entry<String, Connection> entry : connections.entrySet()) {
            try {
                if (!entry.getValue().getAutoCommit()) {
                    entry.getValue().rollback();
                }
            } catch (SQLException e) {
                LOG.debug("rollback on data node {} failed: {}", entry.getKey(), e.getMessage());
            }
        }
    }

    /** Asks every node to cancel what it is running for this transaction; called from another thread. */
    public void cancelRunningStatements() {
        for (Connection connection : inUse) {
            try {
                connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                LOG.debug("cancel on a data node failed: {}", e.getMessage());
            }
        }
    }

    private void release() {
        inUse.clear();
        connections.forEach((node, connection) -> {
            if (isBroken(connection)) {
                pools.reportBroken(node);
            }
        });
        connections.values().forEach(DistributedTransaction::closeQuietly);
        connections.clear();
        savepointsByNode.clear();
        written.clear();
        writesToVerify.clear();
        statementDecision = null;
        earlyDecisionId = null;
        preparedAhead.clear();
    }

    private static boolean isBroken(Connection connection) {
        try {
            return connection.unwrap(org.postgresql.core.BaseConnection.class).isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool replaces broken connections
        }
    }

    static TimeshardException nodeError(String node, String what, SQLException e) {
        if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
            return TimeshardException.of(ErrorCode.CONNECTION_FAILURE, what + " on data node \"" + node + "\": " + e.getMessage(), e);
        }
        return RemoteErrors.from(node, e);
    }
}
