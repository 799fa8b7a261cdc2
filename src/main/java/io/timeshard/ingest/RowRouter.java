package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.RootTable;
import io.timeshard.cluster.ChunkDirectory;

import java.util.function.Supplier;

/** Finds the chunk of a row from its time value and space hash, remembering the last chunk used. */
final class RowRouter {
    private final Hypertable hypertable;
    private final ChunkDirectory directory;
    private final Supplier<RootTable> root;
    private final Chunk[] recent = new Chunk[8];

    RowRouter(Hypertable hypertable, ChunkDirectory directory, Supplier<RootTable> root) {
        this.hypertable = hypertable;
        this.directory = directory;
        this.root = root;
    }

    Chunk chunkFor(long time, int hash) {
        int slot = (hash >>> 28) & (recent.length - 1);
        Chunk cached = recent[slot];
        if (cached != null && cached.contains(time, hash)) {
            return cached;
        }
        Chunk chunk = directory.chunkFor(hypertable, time, hash, root);
        recent[slot] = chunk;
        return chunk;
    }
}
