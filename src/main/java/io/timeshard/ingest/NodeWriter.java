package io.timeshard.ingest;

import io.timeshard.cluster.ChunkTables;
import io.timeshard.cluster.NodeSessions;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Sends batches to one data node, one COPY per batch, on its own virtual thread so that the
 * node works while the access node reads and routes the next rows. The bounded queue holds
 * the reader back when the node is slower; the first error stops the writer and is rethrown.
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

    NodeWriter(String node, NodeSessions sessions, CopyTarget target) {
        this.node = node;
        this.sessions = sessions;
        this.target = target;
        this.thread = Thread.ofVirtual().name("copy-to-" + node).start(this::run);
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

    /** Waits for every submitted batch; returns the rows this node stored. */
    long finish() {
        submit(END);
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

    private void run() {
        try {
            Connection connection = sessions.connection(node);
            sessions.markWritten(node);
            target.prepareSession(connection);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            while (true) {
                ChunkBuffer.Batch batch = queue.take();
                if (batch == END || failure != null) {
                    return;
                }
                write(copy, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeshardException e) {
            failure = e;
        } catch (SQLException | RuntimeException e) {
            failure = TimeshardException.of(ErrorCode.INTERNAL_ERROR, "COPY to data node \"" + node + "\" failed: " + e.getMessage(), e);
        }
    }

    private void write(CopyManager copy, ChunkBuffer.Batch batch) {
        try {
            CopyIn in = copy.copyIn(target.copyStatement(ChunkTables.qualified(batch.chunk())));
            try {
                byte[] header = target.format().streamHeader();
                if (header.length > 0) {
                    in.writeToCopy(header, 0, header.length);
                }
                in.writeToCopy(batch.data(), 0, batch.length());
                byte[] trailer = target.format().streamTrailer();
                if (trailer.length > 0) {
                    in.writeToCopy(trailer, 0, trailer.length);
                }
                rowsWritten += in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw target.describe(RemoteErrors.from(node, e), batch);
        }
    }
}
