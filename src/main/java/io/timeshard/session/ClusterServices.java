package io.timeshard.session;

import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.cluster.ChunkDirectory;
import io.timeshard.cluster.DataNodeAdministration;
import io.timeshard.cluster.DataNodeConnections;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** What every session shares: the catalog, the data node pools, the chunk directory and the timeshard functions. */
public final class ClusterServices {
    private final DataSource homePool;
    private final Catalog catalog;
    private final HypertableCatalog hypertables;
    private final HypertableRegistry registry;
    private final DataNodeConnections connections;
    private final ChunkDirectory chunks;
    private final TimeshardFunctions functions;
    private final HomeFacts homeFacts;

    public ClusterServices(DataSource homePool, Catalog catalog, DataNodeConnections connections, DataNodeAdministration administration) {
        this.homePool = requireNonNull(homePool, "homePool is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.hypertables = new HypertableCatalog(homePool);
        this.registry = new HypertableRegistry(hypertables);
        this.chunks = new ChunkDirectory(hypertables, connections);
        List<TimeshardFunction> all = new ArrayList<>(DataNodeFunctions.all(administration));
        all.add(new HypertableCreation(catalog, hypertables, registry));
        all.addAll(new HypertableFunctions(catalog, hypertables, registry, chunks, connections).all());
        all.add(new DistributedExec(catalog, connections, homePool));
        this.functions = new TimeshardFunctions(all, List.of("create_hypertable"));
        this.homeFacts = new HomeFacts(homePool);
    }

    /** Forgets every cached hypertable and chunk: the catalog changed. */
    public void reload() {
        registry.refresh();
        chunks.invalidateAll();
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

    public ChunkDirectory chunks() {
        return chunks;
    }

    HomeFacts homeFacts() {
        return homeFacts;
    }

    public TimeshardFunctions functions() {
        return functions;
    }
}
