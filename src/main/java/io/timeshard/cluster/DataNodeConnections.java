package io.timeshard.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.timeshard.catalog.DataNode;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** Pooled JDBC connections to the data nodes, one pool per node, created on first use. */
public final class DataNodeConnections implements AutoCloseable {
    private static final int MAX_CONNECTIONS_PER_NODE = 32;

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public Connection open(DataNode node) {
        HikariDataSource pool = pools.computeIfAbsent(node.name(), name -> createPool(node));
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw unreachable(node.name(), node.host(), node.port(), e);
        }
    }

    /** Forgets the pool of a node whose address changed or that was deleted. */
    public void evict(String nodeName) {
        HikariDataSource pool = pools.remove(nodeName);
        if (pool != null) {
            pool.close();
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

    private static HikariDataSource createPool(DataNode node) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("data-node-" + node.name());
        config.setJdbcUrl(url(node.host(), node.port(), node.database()));
        config.setDataSourceProperties(connectionProperties(node.owner(), node.password().orElse(null)));
        config.setMaximumPoolSize(MAX_CONNECTIONS_PER_NODE);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
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
        return properties;
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
