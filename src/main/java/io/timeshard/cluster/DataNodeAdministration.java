package io.timeshard.cluster;

import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.DataNode;
import io.timeshard.catalog.ReplicaCatalog;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** add_data_node, delete_data_node and alter_data_node: the catalog and the nodes kept in step. */
public final class DataNodeAdministration {
    private static final Logger LOG = LoggerFactory.getLogger(DataNodeAdministration.class);

    private final Catalog catalog;
    private final DataNodeConnections connections;
    private final HomeDefaults homeDefaults;
    private final ForeignChunks foreignChunks;
    private final ReplicaCatalog replicas;

    /** What add_data_node falls back to: the home database's port, name and encoding. */
    public record HomeDefaults(int port, String database, String encoding) {
        public HomeDefaults {
            requireNonNull(database, "database is null");
            requireNonNull(encoding, "encoding is null");
        }
    }

    public record AddRequest(String nodeName, String host, Optional<String> database, Optional<Integer> port,
                             boolean ifNotExists, boolean bootstrap, Optional<String> password, String owner) {
        public AddRequest {
            requireNonNull(nodeName, "nodeName is null");
            requireNonNull(host, "host is null");
            requireNonNull(owner, "owner is null");
        }
    }

    public record AddResult(String nodeName, String host, int port, String database, boolean nodeCreated,
                            boolean databaseCreated, boolean extensionCreated) {}

    public record DeleteRequest(String nodeName, boolean ifExists, boolean force, boolean repartition, boolean dropDatabase) {}

    public record AlterRequest(String nodeName, Optional<String> host, Optional<String> database, Optional<Integer> port,
                               Optional<Boolean> available) {}

    public DataNodeAdministration(Catalog catalog, DataNodeConnections connections, HomeDefaults homeDefaults,
                                  ForeignChunks foreignChunks, ReplicaCatalog replicas) {
        this.catalog = catalog;
        this.connections = connections;
        this.homeDefaults = homeDefaults;
        this.foreignChunks = foreignChunks;
        this.replicas = replicas;
    }

    /**
     * Brings the SQL functions queries push down (time_bucket) up to date on every reachable data
     * node; a node that is down gets them when it is added again or at the next start.
     */
    public void refreshQueryFunctions() {
        for (io.timeshard.catalog.DataNode node : catalog.dataNodes()) {
            try (java.sql.Connection connection = connections.open(node.name());
                 java.sql.Statement statement = connection.createStatement()) {
                statement.execute(io.timeshard.catalog.CatalogMigrations.timeBucketFunctions());
            } catch (java.sql.SQLException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(DataNodeAdministration.class)
                        .warn("could not update the query functions on data node \"{}\": {}", node.name(), e.getMessage());
            }
        }
    }

    public AddResult add(AddRequest request) {
        String database = request.database().orElse(homeDefaults.database());
        int port = request.port().orElse(homeDefaults.port());
        Optional<DataNode> existing = catalog.dataNode(request.nodeName());
        if (existing.isPresent()) {
            if (request.ifNotExists()) {
                DataNode node = existing.get();
                return new AddResult(node.name(), node.host(), node.port(), node.database(), false, false, false);
            }
            throw TimeshardException.of(ErrorCode.DUPLICATE_OBJECT, "server \"" + request.nodeName() + "\" already exists");
        }
        for (DataNode other : catalog.dataNodes()) {
            if (other.host().equals(request.host()) && other.port() == port && other.database().equals(database)) {
                throw TimeshardException.of(ErrorCode.OBJECT_IN_USE, "database \"" + database + "\" on " + request.host() + ":"
                        + port + " is already data node \"" + other.name() + "\"");
            }
        }
        DataNodeBootstrap.Target target = new DataNodeBootstrap.Target(request.nodeName(), request.host(), port, database,
                request.owner(), request.password().orElse(null), catalog.clusterId(), homeDefaults.encoding());
        DataNodeBootstrap.Outcome outcome = DataNodeBootstrap.bootstrap(target, request.bootstrap());
        try {
            DataNode added = new DataNode(request.nodeName(), request.host(), port, database, request.owner(), request.password(), true, false, java.time.Instant.now());
            catalog.insertDataNode(added);
            foreignChunks.defineServer(added);
        } catch (RuntimeException e) {
            if (outcome.databaseCreated()) {
                DataNodeBootstrap.dropDatabase(target);
            }
            throw e;
        }
        LOG.info("added data node {} at {}:{}/{}", request.nodeName(), request.host(), port, database);
        return new AddResult(request.nodeName(), request.host(), port, database, true, outcome.databaseCreated(),
                outcome.schemaCreated());
    }

    /** Returns true when the node was deleted, false when it did not exist and if_exists was given. */
    public boolean delete(DeleteRequest request) {
        Optional<DataNode> found = catalog.dataNode(request.nodeName());
        if (found.isEmpty()) {
            if (request.ifExists()) {
                return false;
            }
            throw TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "server \"" + request.nodeName() + "\" does not exist");
        }
        DataNode node = found.get();
        long chunks = catalog.chunkCount(node.name());
        if (chunks > 0 && request.force()) {
            List<String> onlyHere = replicas.chunksWithoutOtherFreshReplica(node.name());
            if (!onlyHere.isEmpty()) {
                throw TimeshardException.of(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST, "data node \"" + node.name()
                        + "\" has the only fresh replica of " + onlyHere.size() + " chunk" + (onlyHere.size() == 1 ? "" : "s") + ": "
                        + String.join(", ", onlyHere.subList(0, Math.min(5, onlyHere.size()))) + (onlyHere.size() > 5 ? ", ..." : ""))
                        .withHint("Deleting it would lose their rows; bring the node back or copy the chunks first.");
            }
            // The chunks stay under-replicated until the repair gives them a replica elsewhere.
            replicas.removeReplicas(node.name(), Optional.empty(), false);
        } else if (chunks > 0) {
            throw TimeshardException.of(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST, "data node \"" + node.name()
                    + "\" still holds data: " + chunks + " chunk" + (chunks == 1 ? "" : "s"))
                    .withHint("Drop or move the chunks on data node \"" + node.name() + "\" before deleting it, or use force => true"
                            + " when they have replicas on other nodes.");
        }
        catalog.detachFromAllHypertables(node.name());
        catalog.deleteDataNode(node.name());
        connections.evict(node.name());
        foreignChunks.dropServer(node.name());
        if (request.dropDatabase()) {
            DataNodeBootstrap.dropDatabase(new DataNodeBootstrap.Target(node.name(), node.host(), node.port(), node.database(),
                    node.owner(), node.password().orElse(null), catalog.clusterId(), homeDefaults.encoding()));
        }
        LOG.info("deleted data node {}", node.name());
        return true;
    }

    public DataNode alter(AlterRequest request) {
        DataNode node = catalog.requireDataNode(request.nodeName());
        DataNode moved = node.withConnection(request.host().orElse(node.host()), request.port().orElse(node.port()),
                request.database().orElse(node.database()));
        DataNode altered = request.available().map(moved::withForcedAvailability).orElse(moved);
        catalog.updateDataNode(altered);
        connections.evict(node.name());
        foreignChunks.defineServer(altered);
        connections.health().reload();
        return altered;
    }
}
