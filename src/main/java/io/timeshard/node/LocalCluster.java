package io.timeshard.node;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.embedded.PostgresOptions;
import io.timeshard.home.HomeEndpoint;
import io.timeshard.session.AuthRules;
import io.timeshard.wire.ServerOptions;
import io.timeshard.wire.TlsIdentity;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * A whole cluster on this machine: a bundled home database, N bundled data nodes (each its own
 * PostgreSQL process and port) and an access node. Used by the demo, the benchmarks and the tests.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String DATABASE = "timeshard";
    /** The superuser's password, when the access node asks loopback clients for one. */
    public static final String PASSWORD_FILE = "superuser-password";

    private final PostgresInstance home;
    private final List<PostgresInstance> dataNodes;
    private final AccessNode accessNode;
    private final Optional<String> password;

    /** Where and how to run the cluster's PostgreSQL servers. */
    public record Layout(Path root, int accessNodePort, int firstPostgresPort, int dataNodeCount, Optional<Path> pgHome,
                         boolean durable) {
        int postgresPort(int index) {
            return firstPostgresPort == 0 ? 0 : firstPostgresPort + index;
        }

        PostgresOptions options(String name, int index) {
            PostgresOptions options = PostgresOptions.of(root.resolve(name), postgresPort(index)).withPgHome(pgHome);
            if (index > 0) {
                options = options.withSetting("wal_level", "logical"); // chunks copied between data nodes by logical replication
            }
            return durable ? options : options.withoutDurability();
        }
    }

    private LocalCluster(PostgresInstance home, List<PostgresInstance> dataNodes, AccessNode accessNode, Optional<String> password) {
        this.home = home;
        this.dataNodes = dataNodes;
        this.accessNode = accessNode;
        this.password = password;
    }

    /** Starts every server (in parallel), the access node on loopback trusting its clients, and registers data nodes dn1..dnN that are missing. */
    public static LocalCluster start(Layout layout) {
        return start(layout, "127.0.0.1", AuthRules.loopbackTrusted(), false);
    }

    /**
     * As {@link #start(Layout)}, with the access node on {@code listenAddress} letting clients in by
     * {@code rules}. When they ask loopback clients for a password, the superuser gets one (made up
     * on the first start, kept in {@link #PASSWORD_FILE} in the cluster's directory). With
     * {@code selfSignedTls} the access node offers TLS with a certificate of its own, made in the
     * cluster's directory ({@link SelfSignedCertificate}).
     */
    public static LocalCluster start(Layout layout, String listenAddress, AuthRules rules, boolean selfSignedTls) {
        CompletableFuture<PostgresInstance> home = CompletableFuture.supplyAsync(() -> PostgresInstance.start(layout.options("home", 0)));
        List<CompletableFuture<PostgresInstance>> nodes = new ArrayList<>();
        for (int i = 1; i <= layout.dataNodeCount(); i++) {
            int index = i;
            nodes.add(CompletableFuture.supplyAsync(() -> PostgresInstance.start(layout.options(nodeName(index), index))));
        }
        PostgresInstance homeInstance = home.join();
        List<PostgresInstance> nodeInstances = nodes.stream().map(CompletableFuture::join).toList();
        homeInstance.createDatabaseIfMissing(DATABASE);
        Optional<String> password = rules.trustsLoopback() ? Optional.empty()
                : Optional.of(SuperuserPassword.ensure(layout.root().resolve(PASSWORD_FILE), homeInstance));
        AccessNode accessNode = AccessNode.start(new HomeEndpoint("127.0.0.1", homeInstance.port(), DATABASE,
                PostgresInstance.SUPERUSER, Optional.empty()), new ServerOptions(listenAddress, layout.accessNodePort(), rules, selfSignedTls ? Optional.of(selfSigned(layout.root())) : Optional.empty()));
        LocalCluster cluster = new LocalCluster(homeInstance, nodeInstances, accessNode, password);
        cluster.registerDataNodes();
        return cluster;
    }

    private static TlsIdentity selfSigned(Path directory) {
        SelfSignedCertificate.ensure(directory);
        return TlsIdentity.fromPem(directory.resolve(SelfSignedCertificate.CERTIFICATE), directory.resolve(SelfSignedCertificate.KEY));
    }

    public static String nodeName(int index) {
        return "dn" + index;
    }

    private void registerDataNodes() {
        try (Connection connection = connect();
             PreparedStatement add = connection.prepareStatement(
                     "SELECT * FROM add_data_node(?, host => '127.0.0.1', port => ?, if_not_exists => true)")) {
            for (int i = 0; i < dataNodes.size(); i++) {
                add.setString(1, nodeName(i + 1));
                add.setInt(2, dataNodes.get(i).port());
                add.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register the data nodes: " + e.getMessage(), e);
        }
    }

    /** A pgjdbc connection to the access node. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", PostgresInstance.SUPERUSER);
        password.ifPresent(value -> properties.setProperty("password", value));
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + accessNode.port() + "/" + DATABASE;
    }

    public int port() {
        return accessNode.port();
    }

    public PostgresInstance home() {
        return home;
    }

    public List<PostgresInstance> dataNodes() {
        return dataNodes;
    }

    /** The superuser's password, when clients on loopback need one. */
    public Optional<String> superuserPassword() {
        return password;
    }

    public AccessNode accessNode() {
        return accessNode;
    }

    @Override
    public void close() {
        accessNode.close();
        dataNodes.parallelStream().forEach(PostgresInstance::stop);
        home.stop();
    }
}
