package io.timeshard.cluster;

import io.timeshard.catalog.CatalogMigrations;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * Prepares a PostgreSQL database to serve as a data node: creates the database when asked,
 * checks the server fits (version, prepared transactions, encoding), and installs
 * {@code _timeshard_internal}. A database it created is dropped again if a later step fails.
 */
final class DataNodeBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(DataNodeBootstrap.class);
    private static final int MINIMUM_SERVER_VERSION = 140000;

    /** Where the node is, who connects, and what cluster it is joining. */
    record Target(String nodeName, String host, int port, String database, String user, String password,
                  UUID clusterId, String encoding) {
        String describe() {
            return "data node \"" + nodeName + "\" (" + host + ":" + port + ")";
        }
    }

    record Outcome(boolean databaseCreated, boolean schemaCreated) {}

    private DataNodeBootstrap() {}

    static Outcome bootstrap(Target target, boolean createDatabase) {
        boolean databaseCreated = createDatabase && createDatabaseIfMissing(target);
        try {
            return new Outcome(databaseCreated, installSchema(target));
        } catch (RuntimeException e) {
            if (databaseCreated) {
                dropDatabase(target);
            }
            throw e;
        }
    }

    private static boolean createDatabaseIfMissing(Target target) {
        try (Connection connection = maintenanceConnection(target); Statement statement = connection.createStatement()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, target.database());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            // C collation: text sorts by bytes on every node, so the access node can merge sorted streams.
            statement.execute("CREATE DATABASE " + SqlText.identifier(target.database())
                    + " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
            LOG.info("created database {} on {}", target.database(), target.describe());
            return true;
        } catch (SQLException e) {
            throw nodeError(target, "could not create database \"" + target.database() + "\"", e);
        }
    }

    static void dropDatabase(Target target) {
        try (Connection connection = maintenanceConnection(target); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + SqlText.identifier(target.database()) + " WITH (FORCE)");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not drop database {} on {}: {}", target.database(), target.describe(), e.getMessage());
        }
    }

    private static boolean installSchema(Target target) {
        try (Connection connection = DataNodeConnections.direct(target.nodeName(), target.host(), target.port(), target.database(),
                target.user(), target.password()); Statement statement = connection.createStatement()) {
            checkServer(target, statement);
            Optional<String[]> identity = identity(statement);
            if (identity.isPresent()) {
                requireSameCluster(target, identity.get());
                statement.execute(schemaScript());
                return false;
            }
            connection.setAutoCommit(false);
            statement.execute(schemaScript());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO _timeshard_internal.node_identity (cluster_id, node_name) VALUES (?, ?)")) {
                insert.setObject(1, target.clusterId());
                insert.setString(2, target.nodeName());
                insert.executeUpdate();
            }
            connection.commit();
            return true;
        } catch (SQLException e) {
            throw nodeError(target, "could not prepare database \"" + target.database() + "\"", e);
        }
    }

    private static void checkServer(Target target, Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int,"
                + " current_setting('max_prepared_transactions')::int, pg_encoding_to_char(encoding)"
                + " FROM pg_database WHERE datname = current_database()")) {
            rows.next();
            if (rows.getInt(1) < MINIMUM_SERVER_VERSION) {
                throw TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, target.describe()
                        + " runs PostgreSQL " + rows.getInt(1) + "; timeshard needs version 14 or newer");
            }
            if (rows.getInt(2) <= 0) {
                throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
                        "max_prepared_transactions is 0 on " + target.describe())
                        .withHint("Set max_prepared_transactions to a value above 0 on the data node and restart it:"
                                + " distributed transactions commit in two phases.");
            }
            if (!rows.getString(3).equalsIgnoreCase(target.encoding())) {
                throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "database \"" + target.database()
                        + "\" on " + target.describe() + " has encoding " + rows.getString(3) + ", the access node uses "
                        + target.encoding());
            }
        }
    }

    private static Optional<String[]> identity(Statement statement) throws SQLException {
        try (ResultSet exists = statement.executeQuery("SELECT to_regclass('_timeshard_internal.node_identity') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return Optional.empty();
            }
        }
        try (ResultSet rows = statement.executeQuery("SELECT cluster_id::text, node_name FROM _timeshard_internal.node_identity")) {
            return rows.next() ? Optional.of(new String[] {rows.getString(1), rows.getString(2)}) : Optional.empty();
        }
    }

    private static void requireSameCluster(Target target, String[] identity) {
        if (!identity[0].equals(target.clusterId().toString())) {
            throw TimeshardException.of(ErrorCode.OBJECT_IN_USE, "database \"" + target.database() + "\" on "
                    + target.host() + ":" + target.port() + " already belongs to another timeshard cluster")
                    .withHint("Use another database, or drop this one if its data is no longer needed.");
        }
        if (!identity[1].equals(target.nodeName())) {
            throw TimeshardException.of(ErrorCode.OBJECT_IN_USE, "database \"" + target.database() + "\" on "
                    + target.host() + ":" + target.port() + " is already data node \"" + identity[1] + "\" of this cluster");
        }
    }

    private static Connection maintenanceConnection(Target target) {
        try {
            return DataNodeConnections.direct(target.nodeName(), target.host(), target.port(), "postgres", target.user(), target.password());
        } catch (TimeshardException e) {
            if (!"3D000".equals(e.sqlState())) {
                throw e;
            }
            return DataNodeConnections.direct(target.nodeName(), target.host(), target.port(), "template1", target.user(), target.password());
        }
    }

    private static String schemaScript() {
        try (InputStream in = DataNodeBootstrap.class.getResourceAsStream("data_node_schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + CatalogMigrations.timeBucketFunctions();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TimeshardException nodeError(Target target, String what, SQLException e) {
        return TimeshardException.fromPostgres(e.getSQLState(), what + " on " + target.describe() + ": " + e.getMessage(),
                null, null, e);
    }
}
