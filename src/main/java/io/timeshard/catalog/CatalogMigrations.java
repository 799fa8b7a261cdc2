package io.timeshard.catalog;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and upgrades the catalog in the home database. Each version is one script applied in
 * its own transaction; an advisory lock keeps two access nodes starting together from racing.
 */
public final class CatalogMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogMigrations.class);
    private static final long MIGRATION_LOCK = 0x74696d6573686172L; // "timeshar"
    private static final List<String> SCRIPTS = List.of("V1__catalog.sql", "V2__replica_health.sql", "V3__chunk_copy.sql", "V4__rebalance.sql",
            "V5__chunk_notices.sql");

    private CatalogMigrations() {}

    public static int latestVersion() {
        return SCRIPTS.size();
    }

    /** Brings the catalog up to the latest version; returns the version it was at before. */
    public static int migrate(DataSource home) {
        try (Connection connection = home.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                statement.execute("CREATE SCHEMA IF NOT EXISTS _timeshard_catalog");
                statement.execute("CREATE TABLE IF NOT EXISTS _timeshard_catalog.catalog_version"
                        + " (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
                int current = currentVersion(statement);
                for (int version = current + 1; version <= SCRIPTS.size(); version++) {
                    LOG.info("migrating the timeshard catalog to version {}", version);
                    statement.execute(script(SCRIPTS.get(version - 1)));
                    statement.execute("INSERT INTO _timeshard_catalog.catalog_version (version) VALUES (" + version + ")");
                }
                // Functions are replaced on every start, so that a newer access node brings its own.
                statement.execute(timeBucketFunctions());
                statement.execute(script("partial_aggregates.sql"));
                statement.execute(script("foreign_chunks.sql"));
                statement.execute(script("calls.sql"));
                statement.execute(script("temp_tables.sql"));
                statement.execute(script("commit_log.sql"));
                connection.commit();
                return current;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw TimeshardException.of(ErrorCode.INTERNAL_ERROR, "could not migrate the timeshard catalog: " + e.getMessage(), e);
        }
    }

    /**
     * Installs the event trigger that tells access nodes of DDL that may take privileges away (see
     * privileges.sql); false when the home role may not create event triggers.
     */
    public static boolean installPrivilegeNotices(DataSource home) {
        try (Connection connection = home.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            statement.execute(script("privileges.sql"));
            connection.commit();
            return true;
        } catch (SQLException e) {
            LOG.warn("privilege checks are not remembered between statements: {}", e.getMessage());
            return false;
        }
    }

    private static int currentVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM _timeshard_catalog.catalog_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** time_bucket in SQL, for the home database and the data nodes alike. */
    public static String timeBucketFunctions() {
        return script("time_bucket.sql");
    }

    private static String script(String name) {
        try (InputStream in = CatalogMigrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
