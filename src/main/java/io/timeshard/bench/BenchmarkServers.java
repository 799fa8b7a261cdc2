package io.timeshard.bench;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.embedded.PostgresOptions;
import io.timeshard.node.LocalCluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The two systems a benchmark compares, both scratch servers of the same PostgreSQL binaries with
 * the same non-durable settings: a whole timeshard cluster (home database, data nodes, access node)
 * and one plain PostgreSQL with a database {@value #PLAIN_DATABASE}.
 */
final class BenchmarkServers implements AutoCloseable {
    static final String PLAIN_DATABASE = "bench";

    private final LocalCluster cluster;
    private final PostgresInstance plain;

    private BenchmarkServers(LocalCluster cluster, PostgresInstance plain) {
        this.cluster = cluster;
        this.plain = plain;
    }

    /** Starts both systems in {@code root} (the plain PostgreSQL alongside the cluster's servers). */
    static BenchmarkServers start(Path root, int dataNodes, Optional<Path> pgHome) {
        CompletableFuture<PostgresInstance> plain = CompletableFuture.supplyAsync(() -> {
            PostgresInstance instance = PostgresInstance.start(PostgresOptions.of(root.resolve("plain"), 0).withPgHome(pgHome)
                    .withoutDurability());
            instance.createDatabaseIfMissing(PLAIN_DATABASE);
            return instance;
        });
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(new LocalCluster.Layout(root.resolve("cluster"), 0, 0, dataNodes, pgHome, false));
        } catch (RuntimeException e) {
            try {
                plain.join().stop();
            } catch (CompletionException alsoFailed) {
                e.addSuppressed(alsoFailed.getCause());
            }
            throw e;
        }
        try {
            return new BenchmarkServers(cluster, plain.join());
        } catch (CompletionException e) {
            cluster.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    Connection connectTimeshard() throws SQLException {
        return cluster.connect();
    }

    /** The cluster's home database, directly (not through the access node). */
    Connection connectHome() throws SQLException {
        return cluster.home().connect(LocalCluster.DATABASE);
    }

    Connection connectPlain() throws SQLException {
        return plain.connect(PLAIN_DATABASE);
    }

    /** A pgjdbc connection to timeshard or to plain PostgreSQL, in the simple or the extended protocol. */
    Connection connect(boolean timeshard, boolean simpleProtocol) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", PostgresInstance.SUPERUSER);
        properties.setProperty("preferQueryMode", simpleProtocol ? "simple" : "extended");
        return DriverManager.getConnection(timeshard ? cluster.jdbcUrl() : plain.jdbcUrl(PLAIN_DATABASE), properties);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            plain.stop();
        }
    }
}
