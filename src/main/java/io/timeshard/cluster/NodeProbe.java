package io.timeshard.cluster;

import io.timeshard.catalog.DataNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * One node's health check: a trivial query on a connection of its own, opened again when it broke,
 * with timeouts short enough that a frozen node fails the check within a second or two.
 */
final class NodeProbe implements AutoCloseable {
    private static final String TIMEOUT_SECONDS = "1";

    private Connection connection;

    /** Empty when the node answered, else what went wrong. */
    synchronized Optional<String> check(DataNode node) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(node.jdbcUrl(), properties(node));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            return Optional.empty();
        } catch (SQLException e) {
            close();
            return Optional.of(e.getMessage());
        }
    }

    private static Properties properties(DataNode node) {
        Properties properties = new Properties();
        properties.setProperty("user", node.owner());
        node.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "timeshard health check");
        properties.setProperty("connectTimeout", TIMEOUT_SECONDS);
        properties.setProperty("socketTimeout", TIMEOUT_SECONDS);
        properties.setProperty("loginTimeout", TIMEOUT_SECONDS);
        properties.setProperty("tcpKeepAlive", "true");
        NodeTransport.CURRENT.applyTo(properties);
        return properties;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }
}
