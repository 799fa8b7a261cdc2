package io.timeshard.cluster;

import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.ChunkCopyOperations;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.catalog.HypertableRegistry;
import io.timeshard.catalog.ReplicaCatalog;

import javax.sql.DataSource;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What every session shares: the catalog, the hypertables, the data node pools and their health,
 * the chunk directory, where reads and writes of each chunk go, and the chunks' foreign tables at home.
 */
public final class ClusterServices {
    private final DataSource homePool;
    private final Catalog catalog;
    private final HypertableCatalog hypertables;
    private final HypertableRegistry registry;
    private final DataNodeConnections connections;
    private final DataNodeAdministration administration;
    private final ChunkDirectory chunks;
    private final ForeignChunks foreignChunks;
    private final ReplicaCatalog replicas;
    private final ReplicaRouting routing;
    private final ChunkCopyOperations chunkCopies;
    private final ChunkMoves chunkMoves;
    private final Rebalancer rebalancer;
    private final PrivilegeEpoch privilegeEpoch = new PrivilegeEpoch();

    public ClusterServices(DataSource homePool, Catalog catalog, ReplicaCatalog replicas, DataNodeConnections connections,
                           DataNodeAdministration administration, ForeignChunks foreignChunks) {
        this.homePool = requireNonNull(homePool, "homePool is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.administration = requireNonNull(administration, "administration is null");
        this.foreignChunks = requireNonNull(foreignChunks, "foreignChunks is null");
        this.hypertables = new HypertableCatalog(homePool);
        this.registry = new HypertableRegistry(hypertables);
        this.chunks = new ChunkDirectory(hypertables, connections, foreignChunks);
        this.replicas = requireNonNull(replicas, "replicas is null");
        this.routing = new ReplicaRouting(connections.health(), replicas, chunks);
        this.chunkCopies = new ChunkCopyOperations(homePool);
        this.chunkMoves = new ChunkMoves(homePool, connections, replicas, chunkCopies, chunks);
        this.rebalancer = new Rebalancer(this);
        connections.health().onChange(node -> {
            chunks.invalidateAll(); // each chunk's replicas on available nodes come first
            if (!connections.health().isAvailable(node)) {
                connections.dropIdle(node);
            }
        });
    }

    /** Forgets every cached hypertable and chunk, and reads the nodes' availability again: the catalog changed. */
    public void reload() {
        registry.refresh();
        chunks.invalidateAll();
        connections.health().reload();
    }

    /** Another access node (or this one) created these chunks: each joins its hypertable's chunks, nothing else is reread. */
    public void chunksAdded(Set<Integer> chunkIds) {
        chunks.add(hypertables.chunks(chunkIds));
    }

    public PrivilegeEpoch privilegeEpoch() {
        return privilegeEpoch;
    }

    public NodeHealth health() {
        return connections.health();
    }

    public ReplicaCatalog replicas() {
        return replicas;
    }

    public ReplicaRouting routing() {
        return routing;
    }

    public ChunkCopyOperations chunkCopies() {
        return chunkCopies;
    }

    public ChunkMoves chunkMoves() {
        return chunkMoves;
    }

    public Rebalancer rebalancer() {
        return rebalancer;
    }

    public DataSource homePool() {
        return homePool;
    }

    public Catalog catalog() {
        return catalog;
    }

    public HypertableCatalog hypertables() {
        return hypertables;
    }

    public HypertableRegistry registry() {
        return registry;
    }

    public DataNodeConnections connections() {
        return connections;
    }

    public DataNodeAdministration administration() {
        return administration;
    }

    public ChunkDirectory chunks() {
        return chunks;
    }

    public ForeignChunks foreignChunks() {
        return foreignChunks;
    }

    /** Attaches, in the background, the chunks left unattached at home (an older catalog, a root table locked at creation). */
    public void attachForeignChunks() {
        Thread.ofVirtual().name("attach-foreign-chunks").start(() -> registry.all().forEach(hypertable -> {
            foreignChunks.readable(hypertable, chunks.chunks(hypertable.id()));
            foreignChunks.ownLikeRoot(hypertable);
        }));
    }
}
