package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timeshard.catalog.Hypertable;
import io.timeshard.cluster.ChunkTables;
import io.timeshard.cluster.ClusterServices;
import io.timeshard.cluster.Rebalancer;
import io.timeshard.cluster.Rebalancer.Move;
import io.timeshard.sql.SqlText;

import java.util.List;
import java.util.Optional;

/** get_rebalance_plan, rebalance_start/_status/_stop/_wait and drain_data_node (Citus's shapes). */
final class RebalanceFunctions {
    private final ClusterServices services;

    RebalanceFunctions(ClusterServices services) {
        this.services = services;
    }

    List<TimeshardFunction> all() {
        return List.of(
                Functions.of("get_rebalance_plan", (call, context) -> plan(call)),
                Functions.of("rebalance_start", (call, context) -> JsonNodeFactory.instance.objectNode().put("result",
                        services.rebalancer().start(moves(call), call.integer("max_parallel_moves").orElse(1)))),
                Functions.of("rebalance_status", (call, context) -> status()),
                Functions.of("rebalance_stop", (call, context) -> {
                    services.rebalancer().stop();
                    return JsonNodeFactory.instance.nullNode();
                }),
                Functions.of("rebalance_wait", (call, context) -> {
                    services.rebalancer().await();
                    return JsonNodeFactory.instance.nullNode();
                }),
                Functions.of("drain_data_node", (call, context) -> drain(call)));
    }

    private List<Move> moves(CapturedCall call) {
        Optional<Hypertable> hypertable = call.integer("hypertable_id").map(services.hypertables()::requireHypertable);
        return services.rebalancer().plan(hypertable, Rebalancer.Strategy.named(call.text("strategy").orElse("by_shard_count")));
    }

    private JsonNode plan(CapturedCall call) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (Move move : moves(call)) {
            rows.addObject().put("table_name", SqlText.qualified(move.hypertable().schemaName(), move.hypertable().tableName()))
                    .put("chunk_name", ChunkTables.qualified(move.chunk())).put("source_node", move.source())
                    .put("destination_node", move.destination()).put("chunk_bytes", move.bytes());
        }
        return rows;
    }

    private JsonNode status() {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        services.rebalancer().status().ifPresent(status -> {
            ObjectNode row = rows.addObject().put("job_id", status.jobId()).put("state", status.state()).put("moves_total", status.total())
                    .put("moves_done", status.done()).put("moves_failed", status.failed()).put("progress", status.progress())
                    .put("started_at", status.started().toString());
            status.finished().ifPresent(finished -> row.put("finished_at", finished.toString()));
            status.lastError().ifPresent(error -> row.put("last_error", error));
        });
        return rows;
    }

    /** Moves every replica off the node; new chunks avoid it from the start (it is detached from its hypertables). */
    private JsonNode drain(CapturedCall call) {
        String node = services.catalog().requireDataNode(call.requiredText("node_name")).name();
        List<Move> moves = services.rebalancer().drainPlan(node);
        services.registry().all().stream().filter(hypertable -> hypertable.dataNodes().contains(node))
                .forEach(hypertable -> services.hypertables().detachDataNode(hypertable.id(), node));
        services.registry().refresh();
        services.rebalancer().start(moves, 1);
        services.rebalancer().await();
        services.replicas().removeReplicas(node, Optional.empty(), true); // stale copies left there: no longer needed
        services.chunks().invalidateAll();
        return JsonNodeFactory.instance.objectNode().put("result", moves.size());
    }
}
