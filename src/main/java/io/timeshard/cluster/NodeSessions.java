package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The connections a statement uses on data nodes: one per node, inside the client's distributed
 * transaction, so that later statements of the transaction see what earlier ones wrote.
 */
public interface NodeSessions {
    /** The node's connection, with its remote transaction begun; the caller must not commit or close it. */
    Connection connection(String nodeName);

    /**
     * The nodes a write to {@code chunk} goes to now (its replicas on available nodes); the
     * transaction checks before it commits that no replica it skipped was repaired meanwhile.
     */
    List<String> writeTargets(Chunk chunk);

    /** Records that the node was written to, so that commit includes it in the two-phase commit. */
    void markWritten(String nodeName);

    /**
     * Says that the statement writes nothing more to the node; the commit may then begin there at
     * once. Called from the thread that wrote to it.
     */
    void doneWriting(String nodeName);

    /**
     * True when the statement may write alone ({@link #writeAlone}): it runs outside a transaction
     * block and has nothing open on any node yet.
     */
    boolean mayWriteAlone();

    /**
     * Runs {@code write}, the statement's only write, on a node connection of its own that commits
     * as the write completes: no BEGIN and no COMMIT round trip, for a statement outside a
     * transaction block that writes one chunk replica and needs no check before its commit. False,
     * having run nothing, when the statement must write inside the distributed transaction instead.
     */
    boolean writeAlone(String nodeName, NodeWrite write);

    /** A write on a node connection. */
    @FunctionalInterface
    interface NodeWrite {
        void run(Connection connection) throws SQLException;
    }
}
