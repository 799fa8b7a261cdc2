package io.timeshard.txn;

import io.timeshard.catalog.Chunk;
import io.timeshard.cluster.ClientSettings;
import io.timeshard.cluster.RemoteErrors;
import io.timeshard.protocol.ResultRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs statements on data nodes inside the client's distributed transaction, with the client's
 * settings in force, and values sent as untyped text that the node reads in the column's type.
 */
public final class NodeStatements {
    private final DistributedTransaction remote;
    private final ClientSettings settings;
    private final Set<String> prepared = new HashSet<>();

    public NodeStatements(DistributedTransaction remote, ClientSettings settings) {
        this.remote = remote;
        this.settings = settings;
    }

    /**
     * Runs {@code sql} ("?" placeholders) with {@code values} on {@code node}; hands any rows it
     * returns to {@code onRow} (as text) and returns the affected row count.
     */
    public long run(String node, String sql, List<String> values, boolean write, Consumer<List<String>> onRow) {
        Connection connection = remote.connection(node);
        if (write) {
            remote.markWritten(node);
        }
        try {
            if (prepared.add(node)) {
                settings.applyTo(connection);
            }
            try (PreparedStatement statement = connection.prepareStatement(settings.marked(sql))) {
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
     * Runs a statement on every replica of {@code chunk} that can be written now; rows it returns
     * and the count come from the first alone, the others only keep their copy in step.
     */
    public long runOnReplicas(Chunk chunk, String sql, List<String> values, Optional<ResultRows> results) {
        long primaryCount = 0;
        List<String> targets = remote.writeTargets(chunk);
        for (String node : targets) {
            boolean primary = node.equals(targets.get(0));
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
}
