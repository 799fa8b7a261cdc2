package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.NodeSessions;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routed rows on their way to the data nodes: a buffer per chunk, flushed as one COPY to every
 * replica when it reaches {@link #BATCH_BYTES}; all buffers together never exceed {@link #MAX_BUFFERED_BYTES}.
 */
final class IngestPipeline {
    static final int BATCH_BYTES = 1 << 20;
    static final int MAX_BUFFERED_BYTES = 32 << 20;

    private final NodeSessions sessions;
    private final CopyTarget target;
    private final int spaceField;
    private final Map<Integer, ChunkBuffer> buffers = new HashMap<>();
    /** The nodes each chunk's rows go to, chosen when its first row arrives. */
    private final Map<Integer, List<String>> targets = new HashMap<>();
    private final Map<String, NodeWriter> writers = new LinkedHashMap<>();
    private long bufferedBytes;
    private long rows;

    /** {@code spaceField}: the space column's field in the rows when they are binary, else -1 (see {@link ChunkBuffer}). */
    IngestPipeline(NodeSessions sessions, CopyTarget target, int spaceField) {
        this.sessions = sessions;
        this.target = target;
        this.spaceField = spaceField;
    }

    /** One row for {@code chunk}, encoded from {@code data[start, end)}, with its space hash (0 without a space dimension). */
    void add(Chunk chunk, int hash, byte[] data, int start, int end, long rowNumber) {
        ChunkBuffer buffer = buffers.get(chunk.id());
        if (buffer == null) {
            buffer = new ChunkBuffer(chunk, 64 * 1024, spaceField);
            buffers.put(chunk.id(), buffer);
            List<String> nodes = sessions.writeTargets(chunk);
            targets.put(chunk.id(), nodes);
            for (String node : nodes) {
                writers.computeIfAbsent(node, name -> new NodeWriter(name, sessions, target, chunk));
            }
        }
        buffer.add(hash, data, start, end, rowNumber);
        bufferedBytes += end - start;
        rows++;
        if (buffer.length() >= BATCH_BYTES) {
            flush(buffer);
        } else if (bufferedBytes > MAX_BUFFERED_BYTES) {
            buffers.values().stream().max(Comparator.comparingInt(ChunkBuffer::length)).ifPresent(this::flush);
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

    /** Stops every writer; the distributed transaction's rollback removes what reached the nodes. */
    void abort() {
        writers.values().forEach(NodeWriter::abort);
        buffers.clear();
    }
}
