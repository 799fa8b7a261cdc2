package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.NodeSessions;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Sends batches to one data node, one COPY per batch, on its own virtual thread so that the
 * node works while the access node reads and routes the next rows. The bounded queue holds
 * the reader back when the node is slower; the first error stops the writer and is rethrown.
 * The writer starts as soon as the node's first row is routed and opens the COPY into that row's
 * chunk at once: beginning the remote transaction and the COPY takes two round trips, which then
 * overlap with reading the rest of the batch. After its last batch it tells the node sessions,
 * which may begin the commit on that node while the other writers still work.
 */
final class NodeWriter {
    private static final int QUEUE_CAPACITY = 3;
    private static final ChunkBuffer.Batch END = new ChunkBuffer.Batch(null, new byte[0], 0, new long[0], 0);

    private final String node;
    private final NodeSessions sessions;
    private final CopyTarget target;
    private final BlockingQueue<ChunkBuffer.Batch> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile TimeshardException failure;
    private long rowsWritten;

    NodeWriter(String node, NodeSessions sessions, CopyTarget target, Chunk firstChunk) {
        this.node = node;
        this.sessions = sessions;
        this.target = target;
        this.thread = Thread.ofVirtual().name("copy-to-" + node).start(() -> run(firstChunk));
    }

    void submit(ChunkBuffer.Batch batch) {
        throwIfFailed();
        try {
            while (!queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TimeshardException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to user request", e);
        }
    }

    /** Says that no batch follows; see {@link #await()}. */
    void end() {
        submit(END);
    }

    /** Waits for every submitted batch; returns the rows this node stored. */
    long await() {
        join();
        throwIfFailed();
        return rowsWritten;
    }

    /** Stops after the batch in progress, dropping the rest; nothing is committed by this. */
    void abort() {
        if (failure == null) {
            failure = TimeshardException.of(ErrorCode.QUERY_CANCELED, "ingest aborted");
        }
        queue.clear();
        while (!queue.offer(END)) {
            queue.clear();
        }
        join();
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    private void run(Chunk firstChunk) {
        ChunkCopy open = null;
        try {
            Connection connection = sessions.connection(node);
            sessions.markWritten(node);
            target.prepareSession(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            open = ChunkCopy.start(node, copy, target, firstChunk, null);
            while (true) {
                ChunkBuffer.Batch batch = queue.take();
                if (batch == END || failure != null) {
                    if (failure == null) {
                        if (open != null) {
                            open.end(null);
                            open = null;
                        }
                        sessions.doneWriting(node);
                    }
                    return;
                }
                if (open == null || open.chunk().id() != batch.chunk().id()) {
                    if (open != null) {
                        open.end(null); // no rows for the chunk it was opened for: an empty COPY
                    }
                    open = ChunkCopy.start(node, copy, target, batch.chunk(), batch);
                }
                rowsWritten += open.end(batch);
                open = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeshardException e) {
            failure = e;
        } catch (SQLException | RuntimeException e) {
            failure = TimeshardException.of(ErrorCode.INTERNAL_ERROR, "COPY to data node \"" + node + "\" failed: " + e.getMessage(), e);
        } finally {
            if (open != null) {
                open.cancel();
            }
        }
    }
}
