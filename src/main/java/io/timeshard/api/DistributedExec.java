package io.timeshard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.DataNode;
import io.timeshard.cluster.DataNodeConnections;
import io.timeshard.cluster.ReplicaRouting;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.txn.DistributedTransaction;
import io.timeshard.txn.StatementCommitDecision;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * CALL distributed_exec(query, node_list, transactional): one statement on chosen data nodes, as
 * the calling role (its current_user) where a role of that name exists on the node, else as the
 * node's owner role. Only superusers may call it (checked in the home database, see calls.sql).
 */
final class DistributedExec implements TimeshardFunction {
    private final Catalog catalog;
    private final DataNodeConnections connections;
    private final ReplicaRouting routing;
    private final DataSource home;

    DistributedExec(Catalog catalog, DataNodeConnections connections, ReplicaRouting routing, DataSource home) {
        this.catalog = catalog;
        this.connections = connections;
        this.routing = routing;
        this.home = home;
    }

    @Override
    public String name() {
        return "distributed_exec";
    }

    @Override
    public JsonNode invoke(CapturedCall call, CallContext context) {
        String query = call.requiredText("query");
        String role = context.home().query("SELECT current_user::text").get(0).get(0);
        List<String> nodes = new ArrayList<>();
        JsonNode requested = call.arguments().get("node_list");
        if (requested == null || requested.isNull()) {
            catalog.dataNodes().stream().map(DataNode::name).forEach(nodes::add);
        } else {
            requested.forEach(node -> nodes.add(catalog.requireDataNode(node.asText()).name()));
        }
        if (call.flag("transactional", true)) {
            DistributedTransaction transaction = new DistributedTransaction(connections, routing);
            try {
                for (String node : nodes) {
                    execute(node, transaction.connection(node), role, true, query);
                    transaction.markWritten(node);
                }
            } catch (RuntimeException e) {
                transaction.rollback();
                throw e;
            }
            transaction.commit(new StatementCommitDecision(home));
        } else {
            for (String node : nodes) {
                try (Connection connection = connections.open(node)) {
                    execute(node, connection, role, false, query);
                } catch (SQLException e) {
                    throw RemoteErrors.from(node, e);
                }
            }
        }
        return JsonNodeFactory.instance.nullNode();
    }

    /** {@code local}: the role is set for the node's transaction only; otherwise it is reset after the query. */
    private static void execute(String node, Connection connection, String role, boolean local, String query) {
        try (Statement statement = connection.createStatement()) {
            try (PreparedStatement asCaller = connection.prepareStatement("SELECT set_config('role', rolname, ?) FROM pg_roles WHERE rolname = ?")) {
                asCaller.setBoolean(1, local);
                asCaller.setString(2, role);
                asCaller.execute();
            }
            try {
                statement.execute(query);
            } finally {
                if (!local) {
                    statement.execute("RESET ROLE");
                }
            }
        } catch (SQLException e) {
            throw RemoteErrors.from(node, e);
        }
    }
}
