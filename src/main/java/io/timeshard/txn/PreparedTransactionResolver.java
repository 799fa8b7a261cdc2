package io.timeshard.txn;

import io.timeshard.catalog.Catalog;
import io.timeshard.catalog.DataNode;
import io.timeshard.cluster.DataNodeConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Finishes two-phase commits that a crash left prepared on data nodes: commits those whose
 * decision is in the commit log, rolls back those whose deciding home transaction is over
 * without one, and leaves those still being decided. Then trims the commit log.
 */
public final class PreparedTransactionResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedTransactionResolver.class);

    private final DataSource home;
    private final Catalog catalog;
    private final DataNodeConnections connections;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prepared-transaction-resolver");
        thread.setDaemon(true);
        return thread;
    });

    public PreparedTransactionResolver(DataSource home, Catalog catalog, DataNodeConnections connections) {
        this.home = home;
        this.catalog = catalog;
        this.connections = connections;
    }

    /** Resolves now, then every {@code periodSeconds}. */
    public void start(long periodSeconds) {
        schedule.scheduleWithFixedDelay(this::resolveQuietly, 0, periodSeconds, TimeUnit.SECONDS);
    }

    private void resolveQuietly() {
        try {
            resolve();
        } catch (RuntimeException e) {
            LOG.warn("resolving prepared transactions failed: {}", e.getMessage());
        }
    }

    /** One pass over every data node; returns the number of prepared transactions finished. */
    public synchronized int resolve() {
        int finished = 0;
        Set<String> stillPrepared = new HashSet<>();
        for (DataNode node : catalog.dataNodes()) {
            try {
                finished += resolve(node, stillPrepared);
            } catch (RuntimeException | SQLException e) {
                LOG.debug("cannot resolve prepared transactions on {}: {}", node.name(), e.getMessage());
                return finished; // the log must keep the decisions a node we could not read may still need
            }
        }
        trimLog(stillPrepared);
        return finished;
    }

    private int resolve(DataNode node, Set<String> stillPrepared) throws SQLException {
        int finished = 0;
        try (Connection connection = connections.open(node.name())) {
            for (String name : preparedNames(connection)) {
                Optional<String> id = TransactionIds.idOf(name);
                if (id.isEmpty()) {
                    continue;
                }
                Outcome outcome = outcome(id.get());
                switch (outcome) {
                    case COMMIT -> finish(connection, "COMMIT PREPARED", name);
                    case ROLLBACK -> finish(connection, "ROLLBACK PREPARED", name);
                    case UNDECIDED -> stillPrepared.add(id.get());
                }
                if (outcome != Outcome.UNDECIDED) {
                    LOG.info("resolved prepared transaction {} on data node {}: {}", name, node.name(), outcome);
                    finished++;
                }
            }
        }
        return finished;
    }

    private enum Outcome { COMMIT, ROLLBACK, UNDECIDED }

    private Outcome outcome(String id) throws SQLException {
        try (Connection connection = home.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM _timeshard_catalog.committed_transaction"
                     + " WHERE gid = ?), txid_status(?)")) {
            statement.setString(1, id);
            statement.setLong(2, TransactionIds.homeXid(id));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (rows.getBoolean(1)) {
                    return Outcome.COMMIT;
                }
                return "in progress".equals(rows.getString(2)) ? Outcome.UNDECIDED : Outcome.ROLLBACK;
            }
        }
    }

    private static List<String> preparedNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"
                     + " AND gid LIKE '" + TransactionIds.PREFIX + "%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static void finish(Connection connection, String command, String name) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(command + " '" + name.replace("'", "''") + "'");
        }
    }

    /** Decisions older than a minute that no node still holds prepared are no longer needed. */
    private void trimLog(Set<String> stillPrepared) {
        try (Connection connection = home.getConnection();
             PreparedStatement statement = connection.prepareStatement("DELETE FROM _timeshard_catalog.committed_transaction"
                     + " WHERE committed_at < now() - interval '1 minute' AND gid <> ALL (?)")) {
            statement.setArray(1, connection.createArrayOf("text", stillPrepared.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("trimming the commit log failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
