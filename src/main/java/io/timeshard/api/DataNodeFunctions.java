package io.timeshard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timeshard.catalog.DataNode;
import io.timeshard.cluster.DataNodeAdministration;
import io.timeshard.cluster.DataNodeAdministration.AddRequest;
import io.timeshard.cluster.DataNodeAdministration.AddResult;
import io.timeshard.cluster.DataNodeAdministration.AlterRequest;
import io.timeshard.cluster.DataNodeAdministration.DeleteRequest;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.TransactionStatus;

import java.util.List;

/** add_data_node, delete_data_node and alter_data_node as SQL functions. */
public final class DataNodeFunctions {
    private DataNodeFunctions() {}

    public static List<TimeshardFunction> all(DataNodeAdministration administration) {
        return List.of(
                Functions.of("add_data_node", (call, context) -> {
                    requireNoTransaction("add_data_node", context);
                    AddResult result = administration.add(new AddRequest(call.requiredText("node_name"), call.requiredText("host"),
                            call.text("database"), call.integer("port"), call.flag("if_not_exists", false),
                            call.flag("bootstrap", true), call.text("password"), context.user()));
                    ObjectNode row = JsonNodeFactory.instance.objectNode()
                            .put("node_name", result.nodeName()).put("host", result.host()).put("port", result.port())
                            .put("database", result.database()).put("node_created", result.nodeCreated())
                            .put("database_created", result.databaseCreated()).put("extension_created", result.extensionCreated());
                    return rows(row);
                }),
                Functions.of("delete_data_node", (call, context) -> {
                    boolean dropDatabase = call.flag("drop_database", false);
                    if (dropDatabase) {
                        requireNoTransaction("delete_data_node", context);
                    }
                    boolean deleted = administration.delete(new DeleteRequest(call.requiredText("node_name"),
                            call.flag("if_exists", false), call.flag("force", false), call.flag("repartition", true), dropDatabase));
                    return JsonNodeFactory.instance.objectNode().put("result", deleted);
                }),
                Functions.of("alter_data_node", (call, context) -> {
                    DataNode node = administration.alter(new AlterRequest(call.requiredText("node_name"), call.text("host"),
                            call.text("database"), call.integer("port"), call.bool("available")));
                    return rows(JsonNodeFactory.instance.objectNode().put("node_name", node.name()).put("host", node.host())
                            .put("port", node.port()).put("database", node.database()).put("available", node.available()));
                }));
    }

    private static void requireNoTransaction(String function, CallContext context) {
        if (context.transactionStatus() != TransactionStatus.IDLE) {
            throw TimeshardException.of(ErrorCode.ACTIVE_SQL_TRANSACTION, function + "() cannot run inside a transaction block");
        }
    }

    private static ArrayNode rows(ObjectNode row) {
        return JsonNodeFactory.instance.arrayNode().add(row);
    }
}
