package io.timeshard.session;

import io.timeshard.cluster.RemoteErrors;
import io.timeshard.sql.JdbcPlaceholders;
import io.timeshard.txn.DistributedTransaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs statements on data nodes inside the client's distributed transaction, with the client's
 * settings in force, and values sent as untyped text that the node reads in the column's type.
 */
final class NodeStatements {
    private final StatementScope scope;
    private final Set<String> prepared = new HashSet<>();

    NodeStatements(StatementScope scope) {
        this.scope = scope;
    }

    /**
     * Runs {@code sql} ("?" placeholders) with {@code values} on {@code node}; hands any rows it
     * returns to {@code onRow} (as text) and returns the affected row count.
     */
    long run(String node, String sql, List<String> values, boolean write, Consumer<List<String>> onRow) {
        DistributedTransaction remote = scope.remote();
        Connection connection = remote.connection(node);
        if (write) {
            remote.markWritten(node);
        }
        try {
            if (prepared.add(node)) {
                scope.settings().applyTo(connection);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == null) {
                        statement.setNull(i + 1, Types.OTHER);
                    } else {
                        statement.setObject(i + 1, values.get(i), Types.OTHER);
                    }
                }
                if (!statement.execute()) {
                    return statement.getUpdateCount();
                }
                long rows = 0;
                try (ResultSet result = statement.getResultSet()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        List<String> row = new ArrayList<>(columns);
                        for (int i = 1; i <= columns; i++) {
                            row.add(result.getString(i));
                        }
                        onRow.accept(row);
                        rows++;
                    }
                }
                return rows;
            }
        } catch (SQLException e) {
            throw RemoteErrors.from(node, e);
        }
    }

    /**
     * Runs a statement on every replica of {@code chunk}; rows it returns and the count come from
     * the primary replica alone, the others only keep their copy in step.
     */
    long runOnReplicas(io.timeshard.catalog.Chunk chunk, String sql, List<String> values, java.util.Optional<ResultRows> results) {
        long primaryCount = 0;
        for (String node : chunk.replicas()) {
            boolean primary = node.equals(chunk.primaryReplica());
            long count = run(node, sql, values, true, row -> {
                if (primary) {
                    results.ifPresent(result -> result.send(row));
                }
            });
            if (primary) {
                primaryCount = count;
            }
        }
        return primaryCount;
    }

    /** The client's parameter values for a statement fragment's placeholders, in placeholder order. */
    static List<String> values(JdbcPlaceholders placeholders, List<String> clientParameters) {
        List<String> values = new ArrayList<>();
        for (int number : placeholders.parameterNumbers()) {
            values.add(number - 1 < clientParameters.size() ? clientParameters.get(number - 1) : null);
        }
        return values;
    }
}
