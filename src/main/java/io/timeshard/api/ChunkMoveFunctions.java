package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.DataNode;
import io.timeshard.catalog.Hypertable;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.util.List;
import java.util.Optional;

/** TimescaleDB's timescaledb_experimental.copy_chunk, move_chunk and cleanup_copy_chunk_operation. */
final class ChunkMoveFunctions {
    /** A chunk and the hypertable it belongs to. */
    private record Found(Hypertable hypertable, Chunk chunk) {}

    private final ClusterServices services;

    ChunkMoveFunctions(ClusterServices services) {
        this.services = services;
    }

    List<TimeshardFunction> all() {
        return List.of(
                Functions.of("copy_chunk", (call, context) -> copy(call, false)),
                Functions.of("move_chunk", (call, context) -> copy(call, true)),
                Functions.of("cleanup_copy_chunk_operation", (call, context) -> cleanup(call)));
    }

    private JsonNode copy(CapturedCall call, boolean move) {
        Found found = chunk(call.requiredText("chunk")).orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                "\"" + call.requiredText("chunk") + "\" is not a chunk of a distributed hypertable"));
        DataNode source = node(call, "source_node");
        DataNode destination = node(call, "destination_node");
        String id = services.chunkMoves().copy(found.hypertable(), found.chunk(), source, destination, move, call.text("operation_id"));
        return JsonNodeFactory.instance.objectNode().put("operation_id", id);
    }

    private JsonNode cleanup(CapturedCall call) {
        String id = call.requiredText("operation_id");
        Chunk chunk = services.chunkCopies().find(id).flatMap(operation -> chunk(operation.chunkId())).orElse(null);
        services.chunkMoves().cleanup(id, chunk);
        return JsonNodeFactory.instance.nullNode();
    }

    private DataNode node(CapturedCall call, String argument) {
        String name = call.text(argument).orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                "invalid " + argument.replace('_', ' ') + ": cannot be NULL"));
        return services.catalog().requireDataNode(name);
    }

    /** The chunk a regclass names ("schema.table", or the table alone). */
    private Optional<Found> chunk(String name) {
        String unquoted = name.replace("\"", "");
        String table = unquoted.substring(unquoted.lastIndexOf('.') + 1);
        Optional<String> schema = unquoted.contains(".") ? Optional.of(unquoted.substring(0, unquoted.lastIndexOf('.'))) : Optional.empty();
        for (Hypertable hypertable : services.registry().all()) {
            for (Chunk chunk : services.chunks().chunks(hypertable.id())) {
                if (chunk.tableName().equals(table) && schema.map(chunk.schemaName()::equals).orElse(true)) {
                    return Optional.of(new Found(hypertable, chunk));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Chunk> chunk(int id) {
        return services.registry().all().stream().flatMap(hypertable -> services.chunks().chunks(hypertable.id()).stream())
                .filter(chunk -> chunk.id() == id).findFirst();
    }
}
