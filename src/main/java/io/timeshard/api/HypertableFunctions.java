package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.HypertableCatalog;
import io.timeshard.catalog.HypertableRegistry;
import io.timeshard.catalog.ReplicaCatalog;
import io.timeshard.cluster.ChunkDirectory;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.cluster.DataNodeConnections;
import io.timeshard.cluster.ForeignChunks;
import io.timeshard.cluster.ReplicaRouting;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.partition.TimeType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** attach/detach_data_node, set_number_partitions, set_chunk_time_interval, set_replication_factor, drop_chunks. */
final class HypertableFunctions {
    private final Catalog catalog;
    private final HypertableCatalog hypertables;
    private final HypertableRegistry registry;
    private final ChunkDirectory chunks;
    private final DataNodeConnections connections;
    private final ForeignChunks foreignChunks;
    private final ReplicaCatalog replicas;
    private final ReplicaRouting routing;

    HypertableFunctions(ClusterServices services) {
        this.catalog = services.catalog();
        this.hypertables = services.hypertables();
        this.registry = services.registry();
        this.chunks = services.chunks();
        this.connections = services.connections();
        this.foreignChunks = services.foreignChunks();
        this.replicas = services.replicas();
        this.routing = services.routing();
    }

    List<TimeshardFunction> all() {
        return List.of(
                Functions.of("attach_data_node", (call, context) -> attach(call)),
                Functions.of("detach_data_node", (call, context) -> detach(call)),
                Functions.of("set_number_partitions", (call, context) -> setNumberPartitions(call)),
                Functions.of("set_chunk_time_interval", (call, context) -> setChunkTimeInterval(call)),
                Functions.of("set_replication_factor", (call, context) -> setReplicationFactor(call)),
                Functions.of("drop_chunks", (call, context) -> dropChunks(call)));
    }

    private Hypertable hypertable(CapturedCall call) {
        return hypertables.requireHypertable(call.integer("hypertable_id").orElseThrow());
    }

    private JsonNode attach(CapturedCall call) {
        Hypertable hypertable = hypertable(call);
        String node = catalog.requireDataNode(call.requiredText("node_name")).name();
        if (hypertable.dataNodes().contains(node)) {
            if (!call.flag("if_not_attached", false)) {
                throw TimeshardException.of(ErrorCode.DUPLICATE_OBJECT, "data node \"" + node + "\" is already attached to hypertable \""
                        + hypertable.tableName() + "\"");
            }
        } else {
            hypertables.attachDataNode(hypertable.id(), node);
            int nodes = hypertable.dataNodes().size() + 1;
            // The seeds' rule: attaching a node raises the partition count to the node count when it is lower.
            if (call.flag("repartition", true) && hypertable.space().isPresent() && hypertable.space().get().partitions() < nodes) {
                hypertables.setNumberPartitions(hypertable.id(), nodes);
            }
            registry.refresh();
        }
        return JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()
                .put("hypertable_id", hypertable.id()).put("node_hypertable_id", hypertable.id()).put("node_name", node));
    }

    private JsonNode detach(CapturedCall call) {
        String node = catalog.requireDataNode(call.requiredText("node_name")).name();
        List<Hypertable> targets = call.integer("hypertable_id").map(id -> List.of(hypertables.requireHypertable(id)))
                .orElseGet(() -> registry.all().stream().filter(table -> table.dataNodes().contains(node)).toList());
        int detached = 0;
        for (Hypertable hypertable : targets) {
            if (!hypertable.dataNodes().contains(node)) {
                if (call.flag("if_attached", false)) {
                    continue;
                }
                throw TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "data node \"" + node + "\" is not attached to hypertable \""
                        + hypertable.tableName() + "\"");
            }
            requireNoDataLoss(hypertable, node, call.flag("force", false));
            // As in TimescaleDB, the node's replicas are forgotten: its copies no longer count or receive writes.
            replicas.removeReplicas(node, Optional.of(hypertable.id()), call.flag("drop_remote_data", false));
            chunks.invalidate(hypertable.id());
            hypertables.detachDataNode(hypertable.id(), node);
            int remaining = hypertable.dataNodes().size() - 1;
            if (call.flag("repartition", true) && remaining > 0 && hypertable.space().isPresent()
                    && hypertable.space().get().partitions() > remaining) {
                hypertables.setNumberPartitions(hypertable.id(), remaining);
            }
            detached++;
        }
        registry.refresh();
        return JsonNodeFactory.instance.objectNode().put("result", detached);
    }

    private void requireNoDataLoss(Hypertable hypertable, String node, boolean force) {
        List<Chunk> onNode = chunks.chunks(hypertable.id()).stream().filter(chunk -> chunk.allReplicas().contains(node)).toList();
        if (onNode.stream().anyMatch(chunk -> chunk.replicas().equals(List.of(node)))) {
            throw TimeshardException.of(ErrorCode.OBJECT_IN_USE, "detaching data node \"" + node + "\" would mean a data-loss for hypertable \""
                    + hypertable.tableName() + "\" since data node has the only data replica")
                    .withHint("Ensure the data node \"" + node + "\" has no non-replicated data before detaching it.");
        }
        if (!onNode.isEmpty() && !force) {
            throw TimeshardException.of(ErrorCode.OBJECT_IN_USE, "detaching data node \"" + node
                    + "\" would leave chunks of hypertable \"" + hypertable.tableName() + "\" under-replicated")
                    .withHint("Use force => true to detach it anyway.");
        }
    }

    private JsonNode setNumberPartitions(CapturedCall call) {
        Hypertable hypertable = hypertable(call);
        int partitions = call.integer("number_partitions").orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                "invalid number of partitions: cannot be NULL"));
        if (hypertable.space().isEmpty() || call.text("dimension_name").filter(name -> !name.equals(hypertable.space().get().column())).isPresent()) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "hypertable \"" + hypertable.tableName()
                    + "\" has no space dimension" + call.text("dimension_name").map(name -> " named \"" + name + "\"").orElse(""));
        }
        if (partitions < 1 || partitions > 32767) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid number of partitions: must be between 1 and 32767");
        }
        hypertables.setNumberPartitions(hypertable.id(), partitions);
        registry.refresh();
        return JsonNodeFactory.instance.nullNode();
    }

    private JsonNode setChunkTimeInterval(CapturedCall call) {
        Hypertable hypertable = hypertable(call);
        boolean integerTime = TimeType.fromTypeName(hypertable.time().type()).orElseThrow().isInteger();
        boolean givenAsInterval = call.text("chunk_time_interval_type").map("interval"::equals).orElse(false);
        long interval = call.text("chunk_time_interval").map(Long::valueOf).orElse(0L);
        if (integerTime && givenAsInterval) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid interval type for " + hypertable.time().type() + " dimension")
                    .withHint("Use an integer chunk_time_interval for an integer time column.");
        }
        if (interval <= 0) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "invalid interval: must be between 1 and 9223372036854775807");
        }
        hypertables.setChunkTimeInterval(hypertable.id(), interval);
        registry.refresh();
        return JsonNodeFactory.instance.nullNode();
    }

    private JsonNode setReplicationFactor(CapturedCall call) {
        Hypertable hypertable = hypertable(call);
        int factor = call.integer("replication_factor").orElse(0);
        HypertableCreation.requireReplicationFactor(hypertable.tableName(), factor, hypertable.dataNodes().size());
        hypertables.setReplicationFactor(hypertable.id(), factor);
        registry.refresh();
        return JsonNodeFactory.instance.nullNode();
    }

    /** Drops the chunks entirely outside the bounds on every replica, then forgets them. */
    private JsonNode dropChunks(CapturedCall call) {
        Hypertable hypertable = hypertable(call);
        Long olderThan = call.text("older_than").map(Long::valueOf).orElse(null);
        Long newerThan = call.text("newer_than").map(Long::valueOf).orElse(null);
        List<Chunk> doomed = chunks.chunks(hypertable.id()).stream()
                .filter(chunk -> olderThan == null || chunk.rangeEnd() <= olderThan)
                .filter(chunk -> newerThan == null || chunk.rangeStart() >= newerThan)
                .toList();
        foreignChunks.drop(hypertable, doomed);
        Map<String, List<String>> tablesByNode = routing.tablesToDrop(doomed);
        executeOnEveryNode(tablesByNode, tables -> "DROP TABLE IF EXISTS " + String.join(", ", tables));
        hypertables.deleteChunks(doomed.stream().map(Chunk::id).toList());
        chunks.invalidate(hypertable.id());
        ArrayNode dropped = JsonNodeFactory.instance.arrayNode();
        doomed.forEach(chunk -> dropped.add(chunk.schemaName() + "." + chunk.tableName()));
        return dropped;
    }

    /** Connects to every node first, so that an unreachable one fails the call before anything changed. */
    private void executeOnEveryNode(Map<String, List<String>> tablesByNode, java.util.function.Function<List<String>, String> statement) {
        Map<String, Connection> open = new LinkedHashMap<>();
        try {
            for (String node : tablesByNode.keySet()) {
                open.put(node, connections.open(node));
            }
            for (Map.Entry<String, Connection> entry : open.entrySet()) {
                try (Statement sql = entry.getValue().createStatement()) {
                    sql.execute(statement.apply(tablesByNode.get(entry.getKey())));
                } catch (SQLException e) {
                    throw RemoteErrors.from(entry.getKey(), e);
                }
            }
        } finally {
            for (Connection connection : open.values()) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the pool replaces broken connections
                }
            }
        }
    }
}
