package io.timeshard.plan;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pooled node connections a session's queries run on outside a transaction block (each
 * query's own, see {@code DistributedQuery}), so that a cancel request from another thread reaches them too. A connection leaves before it
 * goes back to its pool, where it could be another session's.
 */
final class StandaloneConnections {
    private final Set<Connection> running = ConcurrentHashMap.newKeySet();

    void add(Connection connection) {
        running.add(connection);
    }

    void remove(Connection connection) {
        running.remove(connection);
    }

    void cancelAll() {
        for (Connection connection : running) {
            try {
                connection.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException ignored) {
                // the query finished meanwhile
            }
        }
    }
}
