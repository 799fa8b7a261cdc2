package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.catalog.RootTable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.ChunkPlacement;
import io.timeshard.partition.HashSlice;
import io.timeshard.partition.TimeSlice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Knows every hypertable's chunks and creates missing ones: the catalog row, the table on every
 * replica and the foreign table at home, under the hypertable's catalog lock, so that concurrent sessions creating the
 * same chunk end up with exactly one. Thread-safe: the per-hypertable lists are copy-on-write.
 */
public final class ChunkDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkDirectory.class);

    private final HypertableCatalog catalog;
    private final DataNodeConnections connections;
    private final ForeignChunks foreignChunks;
    private final NodeHealth health;
    private final Map<Integer, List<Chunk>> chunksByHypertable = new ConcurrentHashMap<>();

    public ChunkDirectory(HypertableCatalog catalog, DataNodeConnections connections, ForeignChunks foreignChunks) {
        this.catalog = catalog;
        this.connections = connections;
        this.foreignChunks = foreignChunks;
        this.health = connections.health();
    }

    /**
     * Every chunk of the hypertable, ordered by time, each with its replicas on available nodes
     * first (so its primary replica is one that answers); forgotten when a node's availability changes.
     */
    public List<Chunk> chunks(int hypertableId) {
        return chunksByHypertable.computeIfAbsent(hypertableId, id -> new CopyOnWriteArrayList<>(
                catalog.chunks(id).stream().map(chunk -> chunk.preferring(health::isAvailable)).toList()));
    }

    /** Forgets what is known of a hypertable's chunks (they were dropped, or the hypertable was). */
    public void invalidate(int hypertableId) {
        chunksByHypertable.remove(hypertableId);
    }

    /** Adds chunks made elsewhere to the hypertables whose chunks are known. */
    public void add(List<Chunk> created) {
        for (Chunk chunk : created) {
            Chunk placed = chunk.preferring(health::isAvailable);
            chunksByHypertable.computeIfPresent(chunk.hypertableId(), (id, chunks) -> withChunk(chunks, placed));
        }
    }

    public void invalidateAll() {
        chunksByHypertable.clear();
    }

    /** The chunk holding (time, hash), created when there is none; {@code root} is read only then. */
    public Chunk chunkFor(Hypertable hypertable, long time, int hash, Supplier<RootTable> root) {
        Optional<Chunk> known = holding(chunks(hypertable.id()), time, hash);
        if (known.isPresent()) {
            return known.get();
        }
        // Chunk creators wait for the lock holding a home connection each: the holder must need no other.
        connections.prepare(hypertable.dataNodes());
        Chunk chunk = catalog.withChunkCreationLock(hypertable.id(), locked -> {
            TimeSlice slice = TimeSlice.containing(time, hypertable.time().interval());
            List<Chunk> neighbours = locked.overlapping(slice.start(), slice.end());
            for (Chunk existing : neighbours) {
                if (existing.contains(time, hash)) {
                    return existing;
                }
            }
            NewChunkBounds bounds = NewChunkBounds.fit(slice, hashSlice(hypertable, hash), time, hash, neighbours);
            List<String> replicas = placement(hypertable, placementOrdinal(hypertable, hash, slice));
            Chunk created = locked.insert(hypertable.associatedTablePrefix(), bounds.timeStart(), bounds.timeEnd(),
                    hypertable.space().isPresent() ? bounds.hashStart() : null, hypertable.space().isPresent() ? bounds.hashEnd() : null,
                    replicas);
            createTables(hypertable, root.get(), created);
            foreignChunks.attach(locked.transaction(), hypertable, created);
            LOG.debug("created chunk {} on {}", created.tableName(), replicas);
            return created;
        });
        Chunk placed = chunk.preferring(health::isAvailable);
        // Reading every chunk again from the catalog would cost each new chunk more than the last.
        chunksByHypertable.computeIfPresent(hypertable.id(), (id, chunks) -> withChunk(chunks, placed));
        return placed;
    }

    /**
     * The chunk holding (time, hash) among chunks ordered by range start: the one found going back
     * from the last chunk starting at or before {@code time}, past chunks of other hash ranges, up
     * to the first whose hash range holds {@code hash} (chunks never overlap, so no earlier one of
     * that hash range reaches {@code time}).
     */
    static Optional<Chunk> holding(List<Chunk> byStart, long time, int hash) {
        int low = 0;
        int high = byStart.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (byStart.get(middle).rangeStart() <= time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (int index = low - 1; index >= 0; index--) {
            Chunk chunk = byStart.get(index);
            if (chunk.hashStart() <= hash && hash < chunk.hashEnd()) {
                return chunk.rangeEnd() > time ? Optional.of(chunk) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The chunks with {@code added} in its place by range start and hash start, unless it is there already. */
    private static List<Chunk> withChunk(List<Chunk> chunks, Chunk added) {
        if (chunks.stream().anyMatch(chunk -> chunk.id() == added.id())) {
            return chunks;
        }
        int position = 0;
        while (position < chunks.size() && (chunks.get(position).rangeStart() < added.rangeStart()
                || chunks.get(position).rangeStart() == added.rangeStart() && chunks.get(position).hashStart() < added.hashStart())) {
            position++;
        }
        List<Chunk> updated = new ArrayList<>(chunks);
        updated.add(position, added);
        return new CopyOnWriteArrayList<>(updated);
    }

    /** The replicas of a new chunk: on available nodes only, as many as the replication factor asks when there are enough. */
    private List<String> placement(Hypertable hypertable, long ordinal) {
        List<String> available = hypertable.dataNodes().stream().filter(health::isAvailable).toList();
        if (available.isEmpty() && !hypertable.dataNodes().isEmpty()) {
            throw TimeshardException.of(ErrorCode.CONNECTION_FAILURE, "cannot create a chunk of hypertable \"" + hypertable.displayName()
                    + "\": none of its data nodes is available (" + String.join(", ", hypertable.dataNodes()) + ")");
        }
        if (available.isEmpty()) {
            return List.of();
        }
        List<String> replicas = ChunkPlacement.replicas(ordinal, available, Math.min(hypertable.replicationFactor(), available.size()));
        if (replicas.size() < hypertable.replicationFactor()) {
            LOG.warn("new chunk of {} has {} of {} replicas: too few data nodes are available", hypertable.displayName(), replicas.size(),
                    hypertable.replicationFactor());
        }
        return replicas;
    }

    private static HashSlice hashSlice(Hypertable hypertable, int hash) {
        return hypertable.space().map(space -> HashSlice.containing(hash, space.partitions()))
                .orElse(new HashSlice(0, Chunk.HASH_SPACE_END));
    }

    private static long placementOrdinal(Hypertable hypertable, int hash, TimeSlice slice) {
        return hypertable.space().isPresent()
                ? HashSlice.containing(hash, hypertable.space().get().partitions()).ordinal(hypertable.space().get().partitions())
                : slice.ordinal(hypertable.time().interval());
    }

    private void createTables(Hypertable hypertable, RootTable root, Chunk chunk) {
        if (chunk.replicas().isEmpty()) {
            throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "no data nodes are attached to hypertable \"" + hypertable.displayName() + "\"");
        }
        List<String> statements = ChunkTables.createStatements(hypertable, root, chunk);
        for (String node : chunk.replicas()) {
            try (Connection connection = connections.open(node); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                for (String sql : statements) {
                    statement.execute(sql);
                }
                connection.commit();
            } catch (SQLException e) {
                throw RemoteErrors.from(node, e);
            }
        }
    }
}
