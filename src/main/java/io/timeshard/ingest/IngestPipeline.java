package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.NodeSessions;
import io.timeshard.cluster.RemoteErrors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routed rows on their way to the data nodes: a buffer per chunk, flushed as one COPY to every
 * replica when it reaches {@link #BATCH_BYTES}; all buffers together never exceed {@link #MAX_BUFFERED_BYTES}.
 * A small statement whose rows all go to one chunk replica, outside a transaction block, is held
 * back until its end and then written alone ({@link NodeSessions#writeAlone}): a COPY that
 * commits as it ends, or for a few rows one INSERT ({@link ChunkInsert}): two round trips to the
 * node, or one, instead of four.
 */
final class IngestPipeline {
    static final int BATCH_BYTES = 1 << 20;
    static final int MAX_BUFFERED_BYTES = 32 << 20;
    /** How much a statement that may be written alone holds back before its writers start as usual. */
    static final int MAX_HELD_BYTES = 64 << 10;

    private final NodeSessions sessions;
    private final CopyTarget target;
    private final int spaceField;
    private final Runnable authorized;
    /** The rows' parameter types, when a statement written alone may go as an INSERT (see {@link ChunkInsert}). */
    private final Optional<List<ChunkInsert.SendType>> insertTypes;
    private final Map<Integer, ChunkBuffer> buffers = new HashMap<>();
    /** The nodes each chunk's rows go to, chosen when its first row arrives. */
    private final Map<Integer, List<String>> targets = new HashMap<>();
    private final Map<String, NodeWriter> writers = new LinkedHashMap<>();
    private long bufferedBytes;
    private long rows;
    /** While true, no writer has started: the rows may yet be written alone. */
    private boolean holding;

    /**
     * {@code spaceField}: the space column's field in the rows when they are binary, else -1 (see
     * {@link ChunkBuffer}); {@code authorized}: fails when the statement may not write, run before
     * anything can commit.
     */
    IngestPipeline(NodeSessions sessions, CopyTarget target, int spaceField, Runnable authorized) {
        this.sessions = sessions;
        this.target = target;
        this.spaceField = spaceField;
        this.authorized = authorized;
        this.insertTypes = ChunkInsert.types(target);
        this.holding = sessions.mayWriteAlone() && target.copyFormat().kind() == CopyFormat.Kind.BINARY;
    }

    /** One row for {@code chunk}, encoded from {@code data[start, end)}, with its space hash (0 without a space dimension). */
    void add(Chunk chunk, int hash, byte[] data, int start, int end, long rowNumber) {
        ChunkBuffer buffer = buffers.get(chunk.id());
        if (buffer == null) {
            buffer = new ChunkBuffer(chunk, 64 * 1024, spaceField);
            buffers.put(chunk.id(), buffer);
            targets.put(chunk.id(), sessions.writeTargets(chunk));
            if (holding && (buffers.size() > 1 || targets.get(chunk.id()).size() > 1)) {
                startWriters();
            } else if (!holding) {
                startWriters(chunk);
            }
        }
        buffer.add(hash, data, start, end, rowNumber);
        bufferedBytes += end - start;
        rows++;
        if (holding) {
            if (bufferedBytes > MAX_HELD_BYTES) {
                startWriters();
            }
        } else if (buffer.length() >= BATCH_BYTES) {
            flush(buffer);
        } else if (bufferedBytes > MAX_BUFFERED_BYTES) {
            buffers.values().stream().max(Comparator.comparingInt(ChunkBuffer::length)).ifPresent(this::flush);
        }
    }

    /** Ends holding back: starts a writer for every node of the chunks buffered so far. */
    private void startWriters() {
        holding = false;
        buffers.values().forEach(buffer -> startWriters(buffer.chunk()));
    }

    private void startWriters(Chunk chunk) {
        for (String node : targets.get(chunk.id())) {
            writers.computeIfAbsent(node, name -> new NodeWriter(name, sessions, target, chunk));
        }
    }

    private void flush(ChunkBuffer buffer) {
        bufferedBytes -= buffer.length();
        ChunkBuffer.Batch batch = buffer.take();
        for (String node : targets.get(batch.chunk().id())) {
            writers.get(node).submit(batch);
        }
    }

    /** Sends what is buffered and waits for every node; returns the number of rows ingested. */
    long finish() {
        if (holding && writtenAlone()) {
            return rows;
        }
        authorized.run();
        if (holding) {
            startWriters();
        }
        for (ChunkBuffer buffer : buffers.values()) {
            if (!buffer.isEmpty()) {
                flush(buffer);
            }
        }
        try {
            writers.values().forEach(NodeWriter::end); // all at once: each node's commit may start when it is done
            for (NodeWriter writer : writers.values()) {
                writer.await();
            }
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
        return rows;
    }

    /** The one chunk's rows, written alone to its one replica; false when the statement must write as usual after all. */
    private boolean writtenAlone() {
        if (buffers.isEmpty()) {
            authorized.run();
            return true;
        }
        ChunkBuffer buffer = buffers.values().iterator().next();
        String node = targets.get(buffer.chunk().id()).get(0);
        return sessions.writeAlone(node, connection -> {
            ChunkBuffer.Batch batch = buffer.take();
            if (insertTypes.isPresent() && batch.rows() <= ChunkInsert.MAX_ROWS) {
                authorized.run(); // the INSERT commits as it ends
                try {
                    ChunkInsert.insert(connection, target, insertTypes.get(), batch);
                } catch (SQLException e) {
                    throw target.describe(RemoteErrors.from(node, e), batch);
                }
                return;
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            ChunkCopy copying = ChunkCopy.start(node, copy, target, batch.chunk(), batch);
            try {
                authorized.run(); // its round trip overlapped the COPY's start; the rows commit with end()
            } catch (RuntimeException e) {
                copying.cancel();
                throw e;
            }
            copying.end(batch);
        });
    }

    /** Stops every writer; the distributed transaction's rollback removes what reached the nodes. */
    void abort() {
        writers.values().forEach(NodeWriter::abort);
        buffers.clear();
    }
}
