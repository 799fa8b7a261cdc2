package io.timeshard.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.timeshard.catalog.DataNode;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Pooled JDBC connections to the data nodes, one pool per node, created on first use. */
public final class DataNodeConnections implements AutoCloseable {
    private static final int MAX_CONNECTIONS_PER_NODE = 48;

    private record Pool(DataNode node, HikariDataSource source) {}

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Function<String, DataNode> nodesByName;

    /** {@code nodesByName} finds a registered node, or throws when there is none. */
    public DataNodeConnections(Function<String, DataNode> nodesByName) {
        this.nodesByName = nodesByName;
    }

    /** A pooled connection to a registered node, in autocommit mode; the error names the node when it cannot be reached. */
    public Connection open(String nodeName) {
        Pool pool = pool(nodeName);
        try {
            return pool.source().getConnection();
        } catch (SQLException e) {
            throw unreachable(pool.node().name(), pool.node().host(), pool.node().port(), e);
        }
    }

    /**
     * Makes the nodes' pools ready: creating one reads the node from the catalog, which needs a
     * home connection, so whoever holds one already (under a catalog lock) must not have to.
     */
    public void prepare(Collection<String> nodeNames) {
        nodeNames.forEach(this::pool);
    }

    private Pool pool(String nodeName) {
        return pools.computeIfAbsent(nodeName, name -> createPool(nodesByName.apply(name)));
    }

    /**
     * Closes the node's idle connections (each as soon as it is idle): after a connection to the node
     * broke, the others opened before probably broke too (the node restarted), and the pool does not
     * check connections used in the last half second before handing them out.
     */
    public void dropIdle(String nodeName) {
        Pool pool = pools.get(nodeName);
        if (pool != null && pool.source().getHikariPoolMXBean() != null) {
            pool.source().getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** {@link #dropIdle} for every node: after a restart of data nodes the pools know nothing of. */
    public void dropAllIdle() {
        pools.keySet().forEach(this::dropIdle);
    }

    /** Forgets the pool of a node whose address changed or that was deleted. */
    public void evict(String nodeName) {
        Pool pool = pools.remove(nodeName);
        if (pool != null) {
            pool.source().close();
        }
    }

    /** A connection outside the pools, for bootstrapping a node that is not registered yet. */
    static Connection direct(String nodeName, String host, int port, String database, String user, String password) {
        Properties properties = connectionProperties(user, password);
        properties.setProperty("connectTimeout", "10");
        try {
            return DriverManager.getConnection(url(host, port, database), properties);
        } catch (SQLException e) {
            throw unreachable(nodeName, host, port, e);
        }
    }

    static TimeshardException unreachable(String nodeName, String host, int port, SQLException cause) {
        String sqlState = cause.getSQLState() == null || cause.getSQLState().startsWith("08")
                ? ErrorCode.SQLCLIENT_UNABLE_TO_ESTABLISH_CONNECTION.sqlState() : cause.getSQLState();
        return TimeshardException.fromPostgres(sqlState, "could not connect to data node \"" + nodeName + "\" at " + host + ":" + port
                + ": " + cause.getMessage(), null, null, cause);
    }

    private static Pool createPool(DataNode node) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("data-node-" + node.name());
        config.setJdbcUrl(url(node.host(), node.port(), node.database()));
        config.setDataSourceProperties(connectionProperties(node.owner(), node.password().orElse(null)));
        config.setMaximumPoolSize(MAX_CONNECTIONS_PER_NODE);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        // Remote transactions run in REPEATABLE READ; as the pool's default it costs no statement per use.
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        return new Pool(node, new HikariDataSource(config));
    }

    private static String url(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static Properties connectionProperties(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "timeshard");
        // Values are relayed in PostgreSQL's own text spelling.
        properties.setProperty("binaryTransfer", "false");
        properties.setProperty("connectTimeout", "10");
        // Remote queries repeat (the same query text per node and chunk set): named server statements
        // from the first use let a node reuse its plan from the second run on, planning a UNION ALL
        // over many chunks once.
        properties.setProperty("prepareThreshold", "1");
        NodeTransport.CURRENT.applyTo(properties);
        return properties;
    }

    @Override
    public void close() {
        pools.values().forEach(pool -> pool.source().close());
        pools.clear();
    }
}
