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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Pooled JDBC connections to the data nodes, one pool per node, created on first use. */
public final class DataNodeConnections implements AutoCloseable {
    private static final int MAX_CONNECTIONS_PER_NODE = 48;

    private record Pool(DataNode node, HikariDataSource source) {}

    /** How often a caller waiting for a connection looks whether the node was found dead meanwhile. */
    private static final long AVAILABILITY_POLL_MILLIS = 50;

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Function<String, DataNode> nodesByName;
    private final NodeHealth health;

    /** {@code nodesByName} finds a registered node, or throws when there is none. */
    public DataNodeConnections(Function<String, DataNode> nodesByName, NodeHealth health) {
        this.nodesByName = nodesByName;
        this.health = health;
    }

    public NodeHealth health() {
        return health;
    }

    /**
     * A pooled connection to a registered node, in autocommit mode. Fails at once when the node is
     * unavailable, and as soon as it is found so while waiting (the pool alone would wait for its
     * whole timeout); the error names the node.
     */
    public Connection open(String nodeName) {
        health.requireAvailable(nodeName);
        Pool pool = pool(nodeName);
        if (pool.source().getHikariPoolMXBean() == null || pool.source().getHikariPoolMXBean().getIdleConnections() > 0) {
            return connect(pool);
        }
        return awaitConnection(pool);
    }

    /** Waits for the pool on a thread of its own, giving up as soon as the node is found unavailable. */
    private Connection awaitConnection(Pool pool) {
        String nodeName = pool.node().name();
        CompletableFuture<Connection> pending = CompletableFuture.supplyAsync(() -> connect(pool),
                task -> Thread.ofVirtual().name("connect-" + nodeName).start(task));
        while (true) {
            try {
                return pending.get(AVAILABILITY_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!health.isAvailable(nodeName)) {
                    pending.thenAccept(DataNodeConnections::closeQuietly);
                    throw health.unavailable(nodeName);
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.thenAccept(DataNodeConnections::closeQuietly);
                throw TimeshardException.of(ErrorCode.QUERY_CANCELED, "interrupted while connecting to data node \"" + nodeName + "\"", e);
            }
        }
    }

    private Connection connect(Pool pool) {
        try {
            return pool.source().getConnection();
        } catch (SQLException e) {
            health.suspect(pool.node().name());
            throw unreachable(pool.node().name(), pool.node().host(), pool.node().port(), e);
        }
    }

    /** A connection to the node broke: its idle ones probably did too, and the node may be down. */
    public void reportBroken(String nodeName) {
        dropIdle(nodeName);
        health.suspect(nodeName);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool replaces broken connections
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
