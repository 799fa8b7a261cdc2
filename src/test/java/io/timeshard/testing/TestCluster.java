package io.timeshard.testing;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.embedded.PostgresOptions;
import io.timeshard.node.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cluster all integration tests share: a bundled home database, three data nodes and an
 * access node, started once per test run (starting PostgreSQL takes seconds) and stopped at exit.
 * Tests give their tables and nodes names of their own so they do not disturb each other.
 */
public final class TestCluster {
    public static final int DATA_NODES = 3;
    private static LocalCluster cluster;
    private static Path root;
    private static final List<PostgresInstance> spares = new ArrayList<>();
    private static final List<LocalCluster> privateClusters = new ArrayList<>();

    private TestCluster() {}

    public static synchronized LocalCluster get() {
        if (cluster == null) {
            cluster = LocalCluster.start(new LocalCluster.Layout(root().resolve("cluster"), 0, 0, DATA_NODES, Optional.empty(), false));
        }
        return cluster;
    }

    public static Connection connect() throws SQLException {
        return get().connect();
    }

    /**
     * Starts a stopped data node of the shared cluster again and waits until the access node
     * counts it available (its health checks notice within a second).
     */
    public static void restartDataNode(PostgresInstance node) {
        node.restart();
        get().accessNode().dropIdleDataNodeConnections();
        long deadline = System.currentTimeMillis() + 10_000;
        try (Connection connection = connect(); java.sql.Statement statement = connection.createStatement()) {
            while (true) {
                try (java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM timescaledb_information.data_nodes WHERE NOT available")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the access node does not see every data node available again");
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A PostgreSQL server of the test's own, outside the cluster, e.g. to add as a data node. */
    public static PostgresInstance startSparePostgres(String name, PostgresOptions tweaks) {
        PostgresInstance instance = PostgresInstance.start(new PostgresOptions(root().resolve(name), 0, Optional.empty(),
                tweaks.settings(), false).withoutDurability());
        synchronized (TestCluster.class) {
            spares.add(instance);
        }
        return instance;
    }

    public static PostgresInstance startSparePostgres(String name) {
        return startSparePostgres(name, PostgresOptions.of(Path.of("unused"), 0));
    }

    /**
     * A whole cluster of the test's own (home database, {@code dataNodes} nodes, access node), for
     * tests that kill nodes; stopped at exit with the shared one.
     */
    public static LocalCluster startPrivateCluster(String name, int dataNodes) {
        LocalCluster own = LocalCluster.start(new LocalCluster.Layout(root().resolve(name), 0, 0, dataNodes, Optional.empty(), false));
        synchronized (TestCluster.class) {
            privateClusters.add(own);
        }
        return own;
    }

    private static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("timeshard-test-");
                // Under root, PostgreSQL runs as "nobody", which must be able to reach the data directories.
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
                Runtime.getRuntime().addShutdownHook(new Thread(TestCluster::stopAndDelete, "stop-test-cluster"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** One hook, so the servers are down before their data directories go (each run leaves gigabytes otherwise). */
    private static synchronized void stopAndDelete() {
        if (cluster != null) {
            cluster.close();
        }
        spares.forEach(PostgresInstance::stop);
        privateClusters.forEach(LocalCluster::close);
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the test cluster's directory " + root + ": " + e.getMessage());
        }
    }
}
